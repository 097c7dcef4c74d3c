// A moto server (python3 -m moto.server, moto 5.2.1 from the machine image) for the tests that check the program
// against an AWS engine we did not write. Started on a free loopback port, stopped by the test that started it; a
// missing moto is a failure with the install command, never a skip.
import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";

export interface Moto {
  endpoint: string;
  /** Client settings for one region of this server. */
  client(region: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => { output = (output + d).slice(-4000); });
  child.stderr!.on("data", (d) => { output = (output + d).slice(-4000); });
  let exited: number | null | undefined;
  child.on("exit", (code) => { exited = code; });
  // Bounded wait: 30 s in 100 ms steps.
  for (let i = 0; i < 300; i++) {
    if (exited !== undefined) {
      throw new Error(`moto.server exited with ${exited} before listening; install it with python3 -m pip install 'moto[server]==5.2.1'.\n${output}`);
    }
    try {
      const r = await fetch(`${endpoint}/moto-api/`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (i === 299) {
      child.kill("SIGKILL");
      throw new Error(`moto.server did not answer on ${endpoint} within 30 s.\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    client: (region) => ({ endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } }),
    reset: async () => { await fetch(`${endpoint}/moto-api/reset`, { method: "POST" }); },
    stop: () => new Promise((resolve) => {
      if (exited !== undefined) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}
