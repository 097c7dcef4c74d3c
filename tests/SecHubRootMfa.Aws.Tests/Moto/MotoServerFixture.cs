using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace SecHubRootMfa.Aws.Tests.Moto;

/// <summary>
/// Starts <c>python3 -m moto.server</c> on a free 127.0.0.1 port for the test collection and stops it afterwards.
/// Missing moto is a failure with the install command, never a skip.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    public const string InstallCommand = "python3 -m pip install 'moto[server]==5.2.1'";
    public const string AccountId = "123456789012";

    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDMOTOTESTING00001", "moto-secret-not-real");

    public AwsClientOptions Options(string region = "us-east-1") => new()
    {
        Region = region,
        IamServiceUrl = Endpoint,
        SecurityHubServiceUrl = Endpoint,
        EventBridgeServiceUrl = Endpoint,
        StsServiceUrl = Endpoint,
        OrganizationsServiceUrl = Endpoint,
        CloudTrailServiceUrl = Endpoint,
        SqsServiceUrl = Endpoint,
        Credentials = Credentials,
        AttemptTimeout = TimeSpan.FromSeconds(20),
        OperationTimeout = TimeSpan.FromSeconds(60),
        Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 2 },
    };

    public async Task InitializeAsync()
    {
        await EnsureMotoInstalledAsync();
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3 -m moto.server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto.server exited with code {_process.ExitCode}. Install it with: {InstallCommand}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/data.json"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"moto.server did not answer on {Endpoint} within 30 s.");
    }

    public async Task ResetAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null);
        response.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static async Task EnsureMotoInstalledAsync()
    {
        var check = new ProcessStartInfo("python3") { ArgumentList = { "-c", "import moto.server, flask" }, RedirectStandardError = true, UseShellExecute = false };
        Process? probe;
        try
        {
            probe = Process.Start(check);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"python3 is not installed; the moto integration tests need it. Then run: {InstallCommand}", e);
        }

        using (probe)
        {
            await probe!.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            if (probe.ExitCode != 0)
            {
                throw new InvalidOperationException($"moto is not installed for python3. Install it with: {InstallCommand}");
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[CollectionDefinition(Name)]
public sealed class MotoGroup : ICollectionFixture<MotoServerFixture>
{
    public const string Name = "moto";
}
