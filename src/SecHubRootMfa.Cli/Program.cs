using SecHubRootMfa.Cli.Commands;

// Composition root: real AWS backend, the process's streams, Ctrl+C cancels.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var app = new CliApp(
    new AwsCheckBackendFactory(Environment.GetEnvironmentVariable, Console.Error), Console.Out, Console.Error,
    new AwsOrgBackendFactory(Environment.GetEnvironmentVariable, Console.Error), stderrIsTerminal: !Console.IsErrorRedirected);
return await app.RunAsync(args, cancel.Token);
