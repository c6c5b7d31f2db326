using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Engine.Transitions;
using RpaRunner.Workflows.Notifications;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The durable case engine: the one door to every change of a case or step. Each change is a transition
/// (<c>Engine/Transitions</c>, one class each) that runs as one <see cref="EngineTransaction"/> together with its audit
/// events, under optimistic concurrency per case and step, so any number of engine instances can share one database
/// and a process may die at any moment without losing or doubling work. How a case moves on inside a transition lives
/// in <see cref="CaseProgression"/>.
/// </summary>
public sealed class CaseEngine
{
    public const string EngineActor = "system:engine";
    public const string ReconcilerActor = "system:reconciler";
    private readonly EngineCore _core;
    private readonly SubmitTransition _submit;
    private readonly ClaimTransition _claim;
    private readonly LeaseTransition _lease;
    private readonly ReportTransition _report;
    private readonly ReclaimTransition _reclaim;
    private readonly PersonActionTransition _person;
    private readonly DeadlineTransition _deadlines;
    private readonly CancelTransition _cancel;
    private readonly AmendTransition _amend;
    private readonly AuditRevealTransition _reveal;
    private readonly MaterialTransition _materials;
    private readonly QuestionTransition _questions;

    public CaseEngine(
        IDbContextFactory<EngineDbContext> dbFactory,
        BundleCatalog bundles,
        TimeProvider time,
        EngineSignal signal,
        IOptions<EngineOptions> options,
        ILogger<CaseEngine> logger,
        IEngineLocks? locks = null,
        DispatchSchedule? schedule = null,
        BureauClock? clock = null,
        CaseChanges? changes = null,
        NotificationTargets? notifications = null)
    {
        var bureau = clock ?? new BureauClock(time, BureauClock.DefaultZone);
        _core = new EngineCore(dbFactory, bundles, bureau, signal, options.Value, logger, locks ?? NoEngineLocks.Instance, schedule ?? DispatchSchedule.Unrestricted, changes ?? new CaseChanges(), notifications ?? NotificationTargets.None);
        var progression = new CaseProgression(_core);
        _submit = new SubmitTransition(_core, progression);
        _claim = new ClaimTransition(_core);
        _lease = new LeaseTransition(_core);
        _report = new ReportTransition(_core, progression);
        _reclaim = new ReclaimTransition(_core, progression);
        _person = new PersonActionTransition(_core, progression);
        _deadlines = new DeadlineTransition(_core);
        _cancel = new CancelTransition(_core);
        _amend = new AmendTransition(_core, progression);
        _reveal = new AuditRevealTransition(_core);
        _materials = new MaterialTransition(_core, progression);
        _questions = new QuestionTransition(_core);
    }

    public BundleCatalog Bundles => _core.Bundles;

    /// <summary>Announces each committed change of a case, for pages that follow cases live.</summary>
    public CaseChanges Changes => _core.Changes;

    /// <summary>Service hours, session limits, batch windows and the working-day calendar this engine applies.</summary>
    public DispatchSchedule Schedule => _core.Schedule;

    /// <summary>Today in the bureau's time zone: what "not in the future" means on a form.</summary>
    public DateOnly Today => _core.Today;

    /// <summary>Validates the form and stores a new case. Throws <see cref="FormRejectedException"/> with every field error when the form is bad.</summary>
    public async Task<SubmitResult> SubmitAsync(SubmitCase command, CancellationToken cancellationToken = default)
    {
        // The bundle and the case code only: the form stays out of the span.
        using var activity = RpaTelemetry.Source.StartActivity("rpa.case.submit")?.SetTag(RpaTelemetry.Tags.BundleId, command.BundleId);
        var result = await _submit.SubmitAsync(command, cancellationToken);
        activity?.SetTag(RpaTelemetry.Tags.CaseCode, result.CaseCode);
        return result;
    }

    /// <summary>
    /// Claims the steps that are due (ready, or retrying whose backoff has passed): each becomes Running with a fresh
    /// dispatch token and a lease, with its audit row, and is returned for sending. This overload claims regardless of
    /// bots, for callers that run the claimed steps themselves (tests playing the bots); the dispatcher uses the other.
    /// </summary>
    public async Task<IReadOnlyList<RunStep>> ClaimDueStepsAsync(int max, CancellationToken cancellationToken = default) =>
        await _materials.WithReferencesAsync(await _claim.ClaimDueStepsAsync(max, cancellationToken), cancellationToken);

    /// <summary>Claims due steps, for each pool no more than its live bots can take (<see cref="PoolCapacity.Claimable"/>).</summary>
    public async Task<IReadOnlyList<RunStep>> ClaimDueStepsAsync(int max, IReadOnlyDictionary<string, PoolCapacity> pools, CancellationToken cancellationToken = default) =>
        await _materials.WithReferencesAsync(await _claim.ClaimDueStepsAsync(max, pools, cancellationToken), cancellationToken);

    /// <summary>A worker takes or keeps a step's lease. Refused when the dispatch is no longer current.</summary>
    public Task<StepLeaseAnswer> ExtendLeaseAsync(ExtendStepLease request, CancellationToken cancellationToken = default) =>
        _lease.ExtendLeaseAsync(request, cancellationToken);

    /// <summary>Records how a bot attempt ended, then releases the steps that now have all they need.</summary>
    public Task ApplyReportAsync(StepReport report, CancellationToken cancellationToken = default) =>
        _report.ApplyReportAsync(report, cancellationToken);

    /// <summary>Makes running steps whose lease ran out due again (a transient failure: the worker was lost).</summary>
    public Task<int> ReclaimExpiredLeasesAsync(CancellationToken cancellationToken = default) =>
        _reclaim.ReclaimExpiredLeasesAsync(cancellationToken);

    /// <summary>Runs an operator's decision on a step (retry, correct and retry, skip, complete by hand), audited with who and why.</summary>
    public Task PerformAsync(PersonAction action, CancellationToken cancellationToken = default) =>
        _person.PerformAsync(action, cancellationToken);

    /// <summary>电子监察: recomputes the yellow/red flags of open matters and their cases; returns how many cases changed.</summary>
    public Task<int> SuperviseDeadlinesAsync(CancellationToken cancellationToken = default) =>
        _deadlines.SuperviseDeadlinesAsync(cancellationToken);

    /// <summary>Records a schedule edge (service hours or a batch window opening or closing) with the steps it holds.</summary>
    public Task RecordScheduleEventAsync(string kind, string subject, object detail, CancellationToken cancellationToken = default) =>
        _deadlines.RecordScheduleEventAsync(kind, subject, detail, cancellationToken);

    /// <summary>Cancels a case: every open step is cancelled; late bot reports are then ignored.</summary>
    public Task CancelCaseAsync(string caseCode, string actor, string reason, CancellationToken cancellationToken = default) =>
        _cancel.CancelCaseAsync(caseCode, actor, reason, scope: null, cancellationToken);

    /// <summary>Cancels a case the actor may act on: one outside their <paramref name="scope"/> is unknown (<see cref="NotFoundException"/>).</summary>
    public Task CancelCaseAsync(string caseCode, string actor, string reason, CaseScope scope, CancellationToken cancellationToken = default) =>
        _cancel.CancelCaseAsync(caseCode, actor, reason, scope, cancellationToken);

    /// <summary>更正: amends the case's unified form and carries the change to every step that used the old values.</summary>
    public Task<AmendResult> AmendCaseAsync(AmendCase command, CancellationToken cancellationToken = default) =>
        _amend.AmendCaseAsync(command, cancellationToken);

    /// <summary>
    /// The unmasked details of an audit row whose free text was masked (<see cref="AuditEventView.HasSealedDetail"/>),
    /// for a person allowed to read the case; the reading is audited.
    /// </summary>
    /// <param name="scope">The reader's units (null: every unit); a case outside them is not found.</param>
    public Task<System.Text.Json.JsonElement> RevealAuditDetailAsync(string caseCode, long auditId, string actor, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _reveal.RevealAsync(caseCode, auditId, actor, scope, cancellationToken);

    /// <summary>Records in the case's trail that <paramref name="actor"/> exported it (as <paramref name="format"/>); a case outside <paramref name="scope"/> is not found.</summary>
    public Task RecordAuditExportAsync(string caseCode, string actor, string format, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _reveal.RecordExportAsync(caseCode, actor, format, scope, cancellationToken);

    /// <summary>The material a case in <paramref name="scope"/> declares (一次告知); an unknown case or material is <see cref="NotFoundException"/>.</summary>
    public Task<Model.MaterialDefinition> DeclaredMaterialAsync(string caseCode, string materialId, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _materials.DeclaredAsync(caseCode, materialId, scope, cancellationToken);

    /// <summary>Stores a checked, scanned file for a case's material (sealed), audited; see <see cref="Materials.CaseMaterials"/> for the checks.</summary>
    internal Task<Materials.MaterialView> AddMaterialAsync(Materials.MaterialUpload upload, Model.MaterialType type, CaseScope? scope, CancellationToken cancellationToken = default) =>
        _materials.AddAsync(upload, type, scope, cancellationToken);

    /// <summary>Records in the case's trail that a file was refused for a material.</summary>
    internal Task RecordMaterialRefusedAsync(Materials.MaterialUpload upload, Materials.MaterialRefusal reason, string? signature, CaseScope? scope, CancellationToken cancellationToken = default) =>
        _materials.RecordRefusedAsync(upload, reason, signature, scope, cancellationToken);

    /// <summary>
    /// Records the window's decisions (容缺, 告知承诺) for materials of an open case not yet supplied, by the rule every
    /// door uses; the steps held for them go through the material gate again. <see cref="Materials.MaterialDecisionRejectedException"/>
    /// when a decision breaks the rule.
    /// </summary>
    public Task<IReadOnlyList<Materials.MaterialView>> DecideMaterialsAsync(string caseCode, IReadOnlyList<Materials.MaterialDecision> decisions, string actor, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _materials.DecideAsync(caseCode, decisions, actor, scope, cancellationToken);

    /// <summary>The 一次告知 list of a case in <paramref name="scope"/> with the state of each material; null when there is no such case.</summary>
    public Task<IReadOnlyList<Materials.MaterialView>?> MaterialsOfAsync(string caseCode, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _materials.ListAsync(caseCode, scope, cancellationToken);

    /// <summary>A supplied material's file, opened; null when the case (in scope) or the file is not there.</summary>
    /// <summary>
    /// A material's file for the bot running a step, authorised by the running attempt's dispatch token and lease holder,
    /// only for a material the bundle declares for that step; audited. See <see cref="Contracts.RunStep.Materials"/>.
    /// </summary>
    public Task<Materials.WorkerMaterialRead> ReadMaterialForAttemptAsync(Guid stepRecordId, Guid dispatchToken, string worker, string materialId, CancellationToken cancellationToken = default) =>
        _materials.ReadForAttemptAsync(stepRecordId, dispatchToken, worker, materialId, cancellationToken);

    public Task<Materials.MaterialFile?> ReadMaterialAsync(string caseCode, string materialId, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _materials.ReadAsync(caseCode, materialId, scope, cancellationToken);

    /// <summary>
    /// A bot asks a person mid-step (ADR 0028): stores the question of its running attempt, audited without an answer. Null
    /// when the attempt is no longer the step's current one.
    /// </summary>
    public Task<Guid?> AskAsync(AskPerson request, CancellationToken cancellationToken = default) =>
        _questions.AskAsync(request, cancellationToken);

    /// <summary>The asking bot looks for its answer; handed out once, then erased.</summary>
    public Task<QuestionPoll> PollQuestionAsync(Guid stepRecordId, Guid dispatchToken, string worker, Guid questionId, CancellationToken cancellationToken = default) =>
        _questions.PollAsync(stepRecordId, dispatchToken, worker, questionId, cancellationToken);

    /// <summary>
    /// A person answers a bot's open question. <see cref="QuestionAnswerRejectedException"/> for an empty or too long
    /// answer, <see cref="NotFoundException"/> outside <paramref name="scope"/>, <see cref="ActionConflictException"/> when closed.
    /// </summary>
    public Task AnswerQuestionAsync(Guid questionId, string answer, string actor, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _questions.AnswerAsync(questionId, answer, actor, scope, cancellationToken);

    /// <summary>The open questions of running attempts in <paramref name="scope"/> (of one case when <paramref name="caseCode"/> is given).</summary>
    public Task<IReadOnlyList<QuestionView>> OpenQuestionsAsync(CaseScope? scope = null, string? caseCode = null, CancellationToken cancellationToken = default) =>
        _questions.OpenAsync(scope, caseCode, cancellationToken);

    /// <summary>The picture of an open question (PNG) of a case in <paramref name="scope"/>; null when there is none.</summary>
    public Task<byte[]?> QuestionImageAsync(Guid questionId, CaseScope? scope = null, CancellationToken cancellationToken = default) =>
        _questions.ImageAsync(questionId, scope, cancellationToken);
}
