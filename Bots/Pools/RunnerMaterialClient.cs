using System.Net;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Pools;

/// <summary>
/// A farm worker's way to a step's materials: it asks the runner over HTTP, showing the running attempt's dispatch token
/// and its own name (the lease holder). The runner answers only for the current attempt and a material the step needs.
/// </summary>
public sealed class RunnerMaterialClient(HttpClient http, IOptions<BotPoolOptions> options) : IMaterialSource
{
    public const string DispatchTokenHeader = "X-Dispatch-Token";
    public const string WorkerHeader = "X-Worker";

    /// <summary>The runner's path of a material's file for the bot running a step.</summary>
    public static string PathOf(Guid stepRecordId, string materialId) =>
        $"/api/worker/steps/{stepRecordId}/materials/{Uri.EscapeDataString(materialId)}";

    public async Task<byte[]> FetchAsync(RunStep step, string worker, MaterialReference reference, CancellationToken cancellationToken)
    {
        var runner = options.Value.RunnerUrl
            ?? throw new NeedsPersonException($"本工作机未配置运行端地址（Bots:RunnerUrl），无法取得材料「{reference.Name}」/ this worker has no runner address (Bots:RunnerUrl) to fetch {reference.MaterialId} from");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(runner, PathOf(step.StepRecordId, reference.MaterialId)));
        request.Headers.Add(DispatchTokenHeader, step.DispatchToken.ToString());
        request.Headers.Add(WorkerHeader, worker);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientBotException($"无法从运行端取得材料「{reference.Name}」/ cannot fetch {reference.MaterialId} from the runner: {ex.Message}", ex);
        }

        using (response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.OK => await response.Content.ReadAsByteArrayAsync(cancellationToken),
                HttpStatusCode.Forbidden => throw new LeaseLostException($"the runner no longer hands {reference.MaterialId} to this dispatch"),
                _ => throw new TransientBotException($"运行端未提供材料「{reference.Name}」（HTTP {(int)response.StatusCode}）/ the runner did not hand out {reference.MaterialId} (HTTP {(int)response.StatusCode})"),
            };
        }
    }
}
