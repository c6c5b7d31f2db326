using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Pools;

/// <summary>
/// A farm worker asks a person through the runner over HTTP (ADR 0028), showing the running attempt's dispatch token and its
/// own name (the lease holder), as for a material's file. The runner answers only the attempt that asked.
/// </summary>
public sealed class RunnerQuestionClient(HttpClient http, IOptions<BotPoolOptions> options) : IQuestionChannel
{
    /// <summary>The runner's path where the bot running a step asks (POST) and looks for its answer (GET …/{id}).</summary>
    public static string PathOf(Guid stepRecordId) => $"/api/worker/steps/{stepRecordId}/questions";

    /// <summary>What a worker posts: the kind, the picture (base64 PNG) and how long it waits.</summary>
    public sealed record AskBody(string Kind, string? ImagePng, int TimeoutSeconds);

    /// <summary>The runner's answer to a worker's look.</summary>
    public sealed record PollBody(string Status, string? Answer);

    public async Task<Guid?> AskAsync(AskPerson question, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, PathOf(question.StepRecordId), question.DispatchToken, question.Worker);
        request.Content = JsonContent.Create(new AskBody(question.Kind, question.Image is null ? null : Convert.ToBase64String(question.Image), (int)Math.Ceiling(question.Timeout.TotalSeconds)));
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created or HttpStatusCode.OK => (await response.Content.ReadFromJsonAsync<AskedBody>(cancellationToken))!.Id,
            HttpStatusCode.Forbidden => null,
            _ => throw new TransientBotException($"运行端未接受机器人的提问（HTTP {(int)response.StatusCode}）/ the runner did not take the question (HTTP {(int)response.StatusCode})"),
        };
    }

    public async Task<QuestionPoll> PollAsync(RunStep step, string worker, Guid questionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"{PathOf(step.StepRecordId)}/{questionId}", step.DispatchToken, worker);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return QuestionPoll.NotCurrent;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            // A runner that does not answer now may answer in a moment; the bot's own deadline ends the wait.
            return QuestionPoll.Pending;
        }

        var body = (await response.Content.ReadFromJsonAsync<PollBody>(cancellationToken))!;
        return new QuestionPoll(Enum.Parse<QuestionStatus>(body.Status, ignoreCase: true), body.Answer);
    }

    private sealed record AskedBody(Guid Id);

    private HttpRequestMessage Request(HttpMethod method, string path, Guid dispatchToken, string worker)
    {
        var runner = options.Value.RunnerUrl
            ?? throw new NeedsPersonException("本工作机未配置运行端地址（Bots:RunnerUrl），无法请人工作答 / this worker has no runner address (Bots:RunnerUrl) to ask a person through");
        var request = new HttpRequestMessage(method, new Uri(runner, path));
        request.Headers.Add(RunnerMaterialClient.DispatchTokenHeader, dispatchToken.ToString());
        request.Headers.Add(RunnerMaterialClient.WorkerHeader, worker);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientBotException($"无法连接运行端以请人工作答 / cannot reach the runner to ask a person: {ex.Message}", ex);
        }
    }
}
