using System.Collections.ObjectModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Pools;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Rehearsal;

/// <summary>
/// Runs one step of a bundle (as published, or as a designer's draft defines it) once, outside any case, with the inputs a designer
/// typed (the step's constant inputs fill the rest). The first bot that can run the step does so with a lease
/// that is always held, under an idempotency key that starts with <see cref="KeyPrefix"/> and so never matches a
/// case's record. The result carries the outputs or the system's message, and a screenshot either way.
/// Offered only when <see cref="RehearsalOptions.Enabled"/> says this runner's department systems are the sandbox.
/// </summary>
public sealed class StepRehearsal(
    BundleCatalog bundles,
    IEnumerable<IBotAction> actions,
    EvidenceStore evidence,
    TimeProvider time,
    IOptions<RehearsalOptions> options,
    IOptions<BotPoolOptions> pools,
    ILogger<StepRehearsal> logger) : IStepRehearsal
{
    /// <summary>What every rehearsal's case code and idempotency key start with; case codes never do.</summary>
    public const string KeyPrefix = "REHEARSAL";

    private const string KeyAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static readonly IReadOnlyDictionary<string, string?> s_noOutputs = ReadOnlyDictionary<string, string?>.Empty;

    public Task<RehearsalResult> RehearseAsync(string bundleId, string stepId, IReadOnlyDictionary<string, string?> inputs, CancellationToken cancellationToken)
    {
        var step = bundles.Find(bundleId)?.FindStep(stepId);
        return step is null
            ? Task.FromResult(Failed($"已发布的 {bundleId} 中没有步骤 {stepId} / the published bundle {bundleId} has no step {stepId}", []))
            : RehearseAsync(bundleId, step, inputs, cancellationToken);
    }

    /// <summary>
    /// Rehearses a step as the designer's draft defines it: nothing of it needs to be published, since a rehearsal
    /// touches only the sandbox systems under its own key, outside any case. The action must be one the catalog knows.
    /// </summary>
    public async Task<RehearsalResult> RehearseAsync(string bundleId, StepDefinition step, IReadOnlyDictionary<string, string?> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!options.Value.Enabled)
        {
            return Failed("本运行器未启用试运行 / rehearsal is not enabled on this runner (Rehearsal:Enabled)", []);
        }

        if (bundles.Systems.FindAction(step.Action) is null)
        {
            return Failed($"部门系统没有办理动作 {step.Action} / no department system offers the action {step.Action}", []);
        }

        var caseCode = $"{KeyPrefix}-{time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetString(KeyAlphabet, 6)}";
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, source) in step.Inputs.Where(i => i.Value.IsConstant))
        {
            values[name] = AsText(source.Value);
        }

        foreach (var (name, value) in inputs)
        {
            values[name] = value;
        }

        var run = new RunStep
        {
            StepRecordId = Guid.NewGuid(),
            DispatchToken = Guid.NewGuid(),
            CaseCode = caseCode,
            StepId = step.Id,
            BundleId = bundleId,
            System = step.System,
            Action = step.Action,
            Pool = bundles.Systems.FindSystem(step.System)?.Pool ?? string.Empty,
            Attempt = 1,
            IdempotencyKey = $"{caseCode}:{step.Id}",
            Inputs = values,
            LeaseExpiresAt = DateTimeOffset.MaxValue,
        };
        List<string> notes = [$"试运行受理编号 / rehearsal key: {run.IdempotencyKey}"];
        var action = actions.FirstOrDefault(a => a.CanRun(run));
        if (action is null)
        {
            return Failed($"本运行器没有可执行 {run.Action} 的机器人 / no bot on this runner can run {run.Action}", notes);
        }

        logger.LogInformation("Rehearsing {BundleId}/{StepId} as {Key} with {Bot}", bundleId, step.Id, run.IdempotencyKey, action.GetType().Name);
        var context = new BotStepContext(run, "rehearsal", _ => Task.CompletedTask) { WantsFinalScreenshot = true };
        var attemptTimeout = pools.Value.AttemptTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        string error;
        try
        {
            var result = await action.RunAsync(context, timeout.Token);
            notes.AddRange(context.Notes);
            return new RehearsalResult(true, result.Outputs, null, context.FinalScreenshot, notes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"试运行未在 {attemptTimeout.TotalSeconds:0} 秒内完成 / the rehearsal did not finish within {attemptTimeout.TotalSeconds:0}s";
        }
        catch (BotFailureException ex)
        {
            error = ex.Message;
        }
        catch (TimeoutException ex)
        {
            error = $"部门系统响应超时 / the department system did not answer in time: {ex.Message}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Unexpected error rehearsing {BundleId}/{StepId}", bundleId, step.Id);
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        notes.AddRange(context.Notes);
        return new RehearsalResult(false, s_noOutputs, error, context.FinalScreenshot ?? EvidenceScreenshot(context), notes);
    }

    /// <summary>The screenshot the action kept as evidence of the failed attempt, when it kept one.</summary>
    private byte[]? EvidenceScreenshot(BotStepContext context) =>
        context.Evidence.TryGetValue("screenshot", out var link) ? evidence.Read(link) : null;

    private static RehearsalResult Failed(string error, IReadOnlyList<string> notes) => new(false, s_noOutputs, error, null, notes);

    private static string? AsText(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}
