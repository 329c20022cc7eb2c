using Polly;
using Polly.Retry;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// One retry pipeline per dialect: only classified transient faults (busy/locked database,
/// deadlock victim, timeouts) are retried, with jittered backoff and a cap; the rest fail at once.
/// </summary>
internal static class StoreRetry
{
    public static ResiliencePipeline Build(ISqlDialect dialect) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(dialect.IsTransient),
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            OnRetry = args =>
            {
                if (args.Context.Properties.TryGetValue(ObserverKey, out var observer))
                    observer.Verbose($"The store is busy ({args.Outcome.Exception?.Message}); retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalMilliseconds:0} ms.");
                return default;
            },
        })
        .Build();

    public static readonly ResiliencePropertyKey<IOperationObserver> ObserverKey = new("observer");

    /// <summary>Runs one unit of work (its own connection and transaction) with retries.</summary>
    public static T Run<T>(this AttendanceStore store, IOperationObserver observer, Func<CancellationToken, T> work, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            context.Properties.Set(ObserverKey, observer);
            return store.Retry.Execute(static (ctx, state) => state(ctx.CancellationToken), context, work);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
