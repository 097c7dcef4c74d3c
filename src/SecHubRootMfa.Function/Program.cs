using SecHubRootMfa.Function.Composition;
using SecHubRootMfa.Function.Runtime;

// Composition root only: the runtime loop hosts the handler that FunctionComposition wires from the environment.
return await LambdaHost.RunFromEnvironmentAsync(FunctionComposition.CreateHandlerAsync);
