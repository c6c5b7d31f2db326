using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Bots.Pools;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// The doors to the bots' questions (ADR 0028): operators list and answer them with problem details on bad input; other
/// roles may not; a worker asks only for the attempt it runs, identified by the dispatch token and its name.
/// </summary>
public sealed class QuestionsApiTests(ApiRunner api) : IClassFixture<ApiRunner>
{
    [Fact]
    public async Task Operator_ListsOpenQuestions_AndAClerkMayNeitherListNorAnswer()
    {
        using var operatorClient = api.Client(Roles.Operator);
        using var clerk = api.Client(Roles.Clerk);

        var open = await operatorClient.GetFromJsonAsync<JsonArray>("/api/questions");
        Assert.NotNull(open);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/questions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync($"/api/questions/{Guid.NewGuid()}/answer", new { answer = "AB12" })).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123456789012345678901234567890123")]
    public async Task Answer_EmptyOrTooLong_IsAValidationProblemNamingTheAnswer(string answer)
    {
        using var client = api.Client(Roles.Operator);

        var response = await client.PostAsJsonAsync($"/api/questions/{Guid.NewGuid()}/answer", new { answer });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonNode>();
        Assert.NotNull(problem!["errors"]!["answer"]);
    }

    [Fact]
    public async Task Answer_ToNoSuchQuestion_IsNotFound_AsProblemDetails()
    {
        using var client = api.Client(Roles.Operator);

        var response = await client.PostAsJsonAsync($"/api/questions/{Guid.NewGuid()}/answer", new { answer = "AB12" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("question.unknown", (await response.Content.ReadFromJsonAsync<JsonNode>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task WorkerAsk_WithoutItsDispatchToken_IsUnauthorized_AndForAnAttemptNotRunning_IsForbidden()
    {
        using var anonymous = api.Client(null);
        var path = RunnerQuestionClient.PathOf(Guid.NewGuid());
        var body = new RunnerQuestionClient.AskBody("captcha", null, 60);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(path, body)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(RunnerMaterialClient.DispatchTokenHeader, Guid.NewGuid().ToString());
        request.Headers.Add(RunnerMaterialClient.WorkerHeader, "worker-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(request)).StatusCode);
    }
}
