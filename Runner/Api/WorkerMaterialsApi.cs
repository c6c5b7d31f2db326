using RpaRunner.Bots.Pools;
using RpaRunner.Bots.Runtime;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Materials;

namespace RpaRunner.Runner.Api;

/// <summary>
/// A step's materials for the bot that runs it. A farm worker fetches a file over HTTP, authorised by the running attempt's
/// dispatch token and its own name as the lease holder (no API key: the token is known only to the engine and the worker
/// the step was dispatched to, and stops working when the attempt ends); the embedded runner's bots read through the
/// engine in the same process, under the same rules. Either way only a material the bundle declares for the step is
/// served, and every reading is audited (material.read).
/// </summary>
public static class WorkerMaterialsApi
{
    /// <summary>
    /// A worker (or any process given <c>Bots:RunnerUrl</c>) fetches materials from the runner over HTTP; the embedded
    /// runner's bots read them through the engine beside them.
    /// </summary>
    public static IServiceCollection AddWorkerMaterials(this IServiceCollection services, string role, IConfiguration configuration)
    {
        if (role == FarmRole.Worker || !string.IsNullOrEmpty(configuration["Bots:RunnerUrl"]))
        {
            services.AddHttpClient<IMaterialSource, RunnerMaterialClient>(c => c.Timeout = TimeSpan.FromMinutes(2));
        }
        else
        {
            services.AddSingleton<IMaterialSource, EngineMaterialSource>();
        }

        return services;
    }

    public static void MapWorkerMaterialsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/worker/steps/{stepRecordId:guid}/materials/{materialId}", GetAsync).AllowAnonymous().WithTags("Workers")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"For a bot worker: the file of a material the running step needs, with headers `{RunnerMaterialClient.DispatchTokenHeader}` (the attempt's "
                + $"dispatch token) and `{RunnerMaterialClient.WorkerHeader}` (the worker holding its lease). 403 when the attempt is not current; 404 when the step "
                + "needs no such material or the case holds no file for it. Audited as material.read.");

    private static async Task<IResult> GetAsync(Guid stepRecordId, string materialId, HttpContext context, CaseEngine engine, CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers;
        var worker = headers[RunnerMaterialClient.WorkerHeader].ToString();
        if (!Guid.TryParse(headers[RunnerMaterialClient.DispatchTokenHeader].ToString(), out var token) || worker.Length is 0 or > 200)
        {
            return TypedResults.Problem(title: $"Send the attempt's dispatch token in {RunnerMaterialClient.DispatchTokenHeader} and the worker in {RunnerMaterialClient.WorkerHeader}.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var read = await engine.ReadMaterialForAttemptAsync(stepRecordId, token, worker, materialId, cancellationToken);
        if (read.File is not { } file)
        {
            return read.Refusal == WorkerMaterialRefusal.NotCurrent
                ? TypedResults.Problem(title: "The dispatch is not the step's running attempt.", statusCode: StatusCodes.Status403Forbidden)
                : TypedResults.Problem(title: read.Refusal == WorkerMaterialRefusal.Missing ? "The case holds no file for the material." : "The step needs no such material.",
                    statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers["X-Content-SHA256"] = file.Sha256;
        return TypedResults.File(file.Content, file.MediaType);
    }

    /// <summary>The embedded runner's bots: the engine in this process, under the same rules and audit as the HTTP door.</summary>
    private sealed class EngineMaterialSource(CaseEngine engine) : IMaterialSource
    {
        public async Task<byte[]> FetchAsync(RunStep step, string worker, MaterialReference reference, CancellationToken cancellationToken)
        {
            var read = await engine.ReadMaterialForAttemptAsync(step.StepRecordId, step.DispatchToken, worker, reference.MaterialId, cancellationToken);
            return read.File?.Content ?? throw (read.Refusal == WorkerMaterialRefusal.NotCurrent
                ? new LeaseLostException($"the dispatch is no longer current; {reference.MaterialId} is not handed out")
                : new TransientBotException($"运行端未提供材料「{reference.Name}」/ the runner did not hand out {reference.MaterialId} ({read.Refusal})"));
        }
    }
}
