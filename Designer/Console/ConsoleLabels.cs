using RpaRunner.Designer.Access;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Console;

/// <summary>
/// What operators read for the engine's audit kinds and attempt outcomes: one table each, keyed by the shared
/// constants (<see cref="AuditKinds"/>, <see cref="AttemptOutcomes"/>), Chinese first.
/// </summary>
public static class ConsoleLabels
{
    /// <summary>The label of every case and step audit kind, and of the schedule's opening and closing events.</summary>
    public static IReadOnlyDictionary<string, (string Zh, string En)> AuditKindLabels { get; } = new Dictionary<string, (string Zh, string En)>(StringComparer.Ordinal)
    {
        [AuditKinds.CaseSubmitted] = ("受理", "submitted"),
        [AuditKinds.CaseCompleted] = ("办结", "completed"),
        [AuditKinds.CaseCancelled] = ("撤销", "cancelled"),
        [AuditKinds.CaseAmended] = ("更正办件", "case amended"),
        [AuditKinds.CaseFlagged] = ("办件红黄牌变化", "case deadline flag changed"),
        [AuditKinds.AuditDetailRevealed] = ("查看留痕原文", "original audit details read"),
        [AuditKinds.AuditExported] = ("导出留痕", "audit trail exported"),
        [AuditKinds.MaterialAdded] = ("收取材料", "material received"),
        [AuditKinds.NotificationResent] = ("重新发送结果回传", "notification resent"),
        [AuditKinds.MaterialRefused] = ("材料被拒收", "material refused"),
        [AuditKinds.MaterialRead] = ("机器人读取材料上传部门系统", "material read by a bot for upload"),
        [AuditKinds.QuestionAsked] = ("机器人请人工作答（验证码等）", "the bot asked a person (captcha, SMS code, PIN)"),
        [AuditKinds.QuestionAnswered] = ("人工已作答", "a person answered the bot's question"),
        [AuditKinds.QuestionExpired] = ("无人作答，顺延至下一服务时段", "nobody answered in time; the step waits for the next service hours"),
        [AuditKinds.MaterialDeferred] = ("容缺受理，材料后补", "accepted with the material to follow"),
        [AuditKinds.MaterialPromised] = ("告知承诺代替材料", "promise in place of a material"),
        [AuditKinds.StepAwaitingMaterial] = ("等待补交容缺材料", "awaiting a deferred material"),
        [AuditKinds.StepMaterialResumed] = ("材料已补齐，继续办理", "material in, the matter goes on"),
        [AuditKinds.StepMaterialPromised] = ("凭告知承诺办理", "runs on the applicant's promise"),
        [AuditKinds.StepReady] = ("可以办理", "ready"),
        [AuditKinds.StepSkipped] = ("条件不满足，跳过", "skipped by its condition"),
        [AuditKinds.StepDispatched] = ("派发给机器人", "dispatched to a bot"),
        [AuditKinds.StepRequeued] = ("重新排队", "requeued"),
        [AuditKinds.StepStarted] = ("机器人开始录入", "bot started"),
        [AuditKinds.StepCommitting] = ("机器人提交", "bot submitted"),
        [AuditKinds.StepSucceeded] = ("机器人录入成功", "entered by a bot"),
        [AuditKinds.StepFailedWillRetry] = ("临时失败，将自动重试", "failed, will retry"),
        [AuditKinds.StepDeferred] = ("系统不可用，稍后再试", "system unavailable, deferred"),
        [AuditKinds.StepAwaiting] = ("部门等待申请人办理（如缴费），稍后再查", "the department waits for the applicant (e.g. a payment); checked again later"),
        [AuditKinds.StepWaitingForPerson] = ("失败，转人工", "failed, handed to a person"),
        [AuditKinds.StepReportIgnored] = ("迟到的报告已忽略", "late report ignored"),
        [AuditKinds.StepOutcomeUnknown] = ("提交后结果不明", "outcome unknown after the submit"),
        [AuditKinds.StepVerificationDispatched] = ("派发核实（按综窗受理编号查询）", "lookup dispatched"),
        [AuditKinds.StepVerifiedAbsent] = ("核实：系统中没有该记录，重新录入", "lookup: no record, entered again"),
        [AuditKinds.StepVerificationFailed] = ("核实失败，稍后再查", "lookup failed, runs again"),
        [AuditKinds.StepRetriedByPerson] = ("人工重试", "retried by a person"),
        [AuditKinds.StepCorrectedByPerson] = ("人工修正输入", "inputs corrected by a person"),
        [AuditKinds.StepSkippedByPerson] = ("人工跳过", "skipped by a person"),
        [AuditKinds.StepCompletedByPerson] = ("人工办结", "completed by hand"),
        [AuditKinds.StepNeedsAmendment] = ("部门记录待更正", "record needs amendment"),
        [AuditKinds.StepAmendmentReady] = ("机器人更正中", "bots amend the record"),
        [AuditKinds.StepAmended] = ("机器人已更正记录", "record amended by a bot"),
        [AuditKinds.StepAmendedByPerson] = ("人工确认已更正", "amendment confirmed by hand"),
        [AuditKinds.StepInputsUpdated] = ("输入随更正更新", "inputs updated by the amendment"),
        [AuditKinds.StepHeldForAmendment] = ("等待前序更正", "held for an amendment"),
        [AuditKinds.StepFlagged] = ("事项红黄牌变化", "step deadline flag changed"),
        [AuditKinds.StepClockPaused] = ("补正期间暂停计时", "clock paused while the applicant fixes the data"),
        [AuditKinds.StepClockResumed] = ("补正后恢复计时", "clock resumed after the amendment"),
        [AuditKinds.SystemHoursPrefix + AuditKinds.Opened] = ("系统开始服务", "system service hours opened"),
        [AuditKinds.SystemHoursPrefix + AuditKinds.Closed] = ("系统停止服务", "system service hours closed"),
        [AuditKinds.BatchWindowPrefix + AuditKinds.Opened] = ("夜间批处理窗口开启", "batch window opened"),
        [AuditKinds.BatchWindowPrefix + AuditKinds.Closed] = ("夜间批处理窗口关闭", "batch window closed"),
    };

    /// <summary>The label of every attempt outcome.</summary>
    public static IReadOnlyDictionary<string, (string Zh, string En)> OutcomeLabels { get; } = new Dictionary<string, (string Zh, string En)>(StringComparer.Ordinal)
    {
        [AttemptOutcomes.Dispatched] = ("进行中", "in progress"),
        [AttemptOutcomes.Succeeded] = ("成功", "succeeded"),
        [AttemptOutcomes.Failed] = ("失败", "failed"),
        [AttemptOutcomes.Unknown] = ("结果不明", "outcome unknown"),
        [AttemptOutcomes.Found] = ("已找到记录", "record found"),
        [AttemptOutcomes.NotFound] = ("未找到记录", "record not found"),
        [AttemptOutcomes.LeaseExpired] = ("机器人未按时报告", "lease expired"),
        [AttemptOutcomes.NotTaken] = ("未被机器人领取", "not taken"),
        [AttemptOutcomes.Deferred] = ("系统不可用，推迟", "deferred"),
        [AttemptOutcomes.Awaiting] = ("仍待申请人办理", "still awaiting the applicant"),
        [AttemptOutcomes.Stale] = ("已作废", "stale"),
    };

    /// <summary>The label of an audit kind in the reader's language; an unknown kind shows as itself.</summary>
    public static string AuditKind(UiText ui, string kind) => Label(AuditKindLabels, ui, kind);

    /// <summary>The label of an attempt outcome in the reader's language; an unknown outcome shows as itself.</summary>
    public static string Outcome(UiText ui, string outcome) => Label(OutcomeLabels, ui, outcome);

    /// <summary>The label of every case state.</summary>
    public static IReadOnlyDictionary<CaseStatus, (string Zh, string En)> CaseStatusLabels { get; } = new Dictionary<CaseStatus, (string Zh, string En)>
    {
        [CaseStatus.Running] = ("办理中", "running"),
        [CaseStatus.WaitingForPerson] = ("待人工处理", "waiting for a person"),
        [CaseStatus.WaitingForApplicant] = ("待申请人补正", "waiting for the applicant"),
        [CaseStatus.Completed] = ("已办结", "completed"),
        [CaseStatus.Cancelled] = ("已撤销", "cancelled"),
        [CaseStatus.AwaitingMaterial] = ("待补材料", "awaiting a material"),
    };

    /// <summary>The step states the case list filters by.</summary>
    public static IReadOnlyDictionary<CaseStepState, (string Zh, string En)> StepStateLabels { get; } = new Dictionary<CaseStepState, (string Zh, string En)>
    {
        [CaseStepState.WaitingForPerson] = ("待人工处理", "waiting for a person"),
        [CaseStepState.FailedWillRetry] = ("失败，将重试", "failed, will retry"),
        [CaseStepState.NeedsApplicant] = ("待申请人补正", "waiting for the applicant"),
        [CaseStepState.OutcomeUnknown] = ("结果不明", "outcome unknown"),
        [CaseStepState.NeedsAmendment] = ("待更正 / 更正中", "needs amendment"),
        [CaseStepState.AwaitingMaterial] = ("待补材料", "awaiting a material"),
    };

    /// <summary>红黄牌, as the engine's deadline supervision sets them.</summary>
    public static IReadOnlyDictionary<DeadlineFlag, (string Zh, string En)> FlagLabels { get; } = new Dictionary<DeadlineFlag, (string Zh, string En)>
    {
        [DeadlineFlag.Yellow] = ("黄牌", "yellow flag"),
        [DeadlineFlag.Red] = ("红牌", "red flag"),
    };

    public static string StatusOf(UiText ui, CaseStatus status) => Label(CaseStatusLabels, ui, status);

    public static string StepStateOf(UiText ui, CaseStepState state) => Label(StepStateLabels, ui, state);

    public static string FlagOf(UiText ui, DeadlineFlag flag) => Label(FlagLabels, ui, flag);

    /// <summary>A flag as the case views carry it ("yellow", "red"); none: empty.</summary>
    public static string FlagOf(UiText ui, string? flag) =>
        Enum.TryParse<DeadlineFlag>(flag, ignoreCase: true, out var f) && f != DeadlineFlag.None ? FlagOf(ui, f) : string.Empty;

    private static string Label<TKey>(IReadOnlyDictionary<TKey, (string Zh, string En)> labels, UiText ui, TKey key) where TKey : notnull =>
        labels.TryGetValue(key, out var label) ? ui.T(label.Zh, label.En) : key.ToString()!;

    private static string Label(IReadOnlyDictionary<string, (string Zh, string En)> labels, UiText ui, string key) =>
        labels.TryGetValue(key, out var label) ? ui.T(label.Zh, label.En) : key;
}
