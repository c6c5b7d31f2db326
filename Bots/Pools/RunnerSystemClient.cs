using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Pools;

/// <summary>
/// Where a worker gets a department system published while it runs (ADR 0029). The engine names the system's version in
/// every dispatch; a farm worker holding an older one asks the runner for the system before it runs the step, showing the
/// attempt's dispatch token as it does for a material, and puts it into its catalog and scripts. A worker beside the
/// engine shares the engine's catalog and never needs to ask.
/// </summary>
public interface ISystemSource
{
    Task EnsureAsync(RunStep step, string worker, CancellationToken cancellationToken);
}

public sealed class RunnerSystemClient(HttpClient http, IOptions<BotPoolOptions> options, SystemPackages packages, ILogger<RunnerSystemClient> logger) : ISystemSource
{
    /// <summary>The runner's path of the system a running step needs.</summary>
    public static string PathOf(Guid stepRecordId) => $"/api/worker/steps/{stepRecordId}/system";

    public async Task EnsureAsync(RunStep step, string worker, CancellationToken cancellationToken)
    {
        if (step.SystemVersion <= packages.Catalog.VersionOf(step.System))
        {
            return;
        }

        var runner = options.Value.RunnerUrl
            ?? throw new NeedsPersonException($"本工作机未配置运行端地址（Bots:RunnerUrl），无法取得系统 {step.System} 的第 {step.SystemVersion} 版 / this worker has no runner address (Bots:RunnerUrl) to fetch version {step.SystemVersion} of system {step.System} from");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(runner, PathOf(step.StepRecordId)));
        request.Headers.Add(RunnerMaterialClient.DispatchTokenHeader, step.DispatchToken.ToString());
        request.Headers.Add(RunnerMaterialClient.WorkerHeader, worker);
        WorkerSystem? answer;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                throw new LeaseLostException($"the runner no longer hands system {step.System} to this dispatch");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new TransientBotException($"运行端未提供系统 {step.System}（HTTP {(int)response.StatusCode}）/ the runner did not hand out system {step.System} (HTTP {(int)response.StatusCode})");
            }

            answer = await response.Content.ReadFromJsonAsync<WorkerSystem>(Workflows.Model.JsonDefaults.Options, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientBotException($"无法从运行端取得系统 {step.System} / cannot fetch system {step.System} from the runner: {ex.Message}", ex);
        }

        if (answer?.Package is not { } package || answer.Version < step.SystemVersion)
        {
            throw new TransientBotException($"运行端尚无系统 {step.System} 的第 {step.SystemVersion} 版 / the runner does not hold version {step.SystemVersion} of system {step.System} yet");
        }

        var problems = packages.Check(package);
        if (problems.Count > 0)
        {
            // Published by a runner of another release, perhaps: this worker cannot run it as it stands.
            throw new NeedsPersonException($"本工作机无法运行系统 {step.System} 的第 {answer.Version} 版 / this worker cannot run version {answer.Version} of system {step.System}: {string.Join("; ", problems)}");
        }

        if (packages.Apply(package, answer.Version))
        {
            logger.LogInformation("Took version {Version} of department system {SystemId} from the runner", answer.Version, step.System);
        }
    }
}

/// <summary>What the runner hands a worker: a system's package and its version.</summary>
public sealed record WorkerSystem(int Version, SystemPackage Package);
