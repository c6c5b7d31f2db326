using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Runtime;

/// <summary>What an action gets for one attempt: the step, its inputs, and the means to keep evidence
/// and to make sure it still holds the lease before it writes.</summary>
public sealed class BotStepContext(
    RunStep step, string worker, Func<CancellationToken, Task> ensureLease, Func<CancellationToken, Task>? commit = null,
    Func<MaterialReference, CancellationToken, Task<byte[]>>? fetchMaterial = null,
    Func<PersonQuestion, CancellationToken, Task<string>>? ask = null)
{
    public RunStep Step { get; } = step;

    public string Worker { get; } = worker;

    public string IdempotencyKey => Step.IdempotencyKey;

    public IReadOnlyDictionary<string, string?> Inputs => Step.Inputs;

    public Dictionary<string, string> Evidence { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>The materials the step needs (references from the dispatch) and their checked files, fetched on demand.</summary>
    public StepMaterials Materials { get; } = new(step, fetchMaterial);

    /// <summary>Set by the caller when it wants a screenshot of the last page or window after a successful
    /// run (a failed run keeps one as evidence anyway); the action then puts the PNG in <see cref="FinalScreenshot"/>.</summary>
    public bool WantsFinalScreenshot { get; init; }

    /// <summary>The PNG taken at the end of a successful run when <see cref="WantsFinalScreenshot"/> was set.</summary>
    public byte[]? FinalScreenshot { get; set; }

    public string? Input(string name) => Step.Inputs.GetValueOrDefault(name);

    /// <summary>Call right before creating a record: throws <see cref="LeaseLostException"/> when the step
    /// was given to another worker meanwhile.</summary>
    public Task EnsureLeaseAsync(CancellationToken cancellationToken) => ensureLease(cancellationToken);

    /// <summary>
    /// Call right before the commit point (the submit click or OK that stores the record): makes sure the lease is
    /// still held, as <see cref="EnsureLeaseAsync"/> does, and has the engine note that from now on the record may
    /// exist — so a crash, a lost lease or a failure after it is an unknown outcome, not a plain retry.
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken) => (commit ?? ensureLease)(cancellationToken);

    /// <summary>Whether a person can be asked from this attempt (a worker of a runner; not a rehearsal).</summary>
    public bool CanAsk => ask is not null;

    /// <summary>
    /// Asks a person (ADR 0028) and waits, keeping the lease, for the answer typed in the console. Throws
    /// <see cref="QuestionUnansweredException"/> when nobody answers in time, <see cref="LeaseLostException"/> when the
    /// attempt is no longer current, <see cref="NeedsPersonException"/> when there is nobody to ask. The answer is never logged.
    /// </summary>
    public Task<string> AskAsync(PersonQuestion question, CancellationToken cancellationToken) =>
        ask is null
            ? throw new NeedsPersonException($"{Step.System} 需要人工作答（{question.Kind}），本次运行无人可问 / the system asks for a {question.Kind}; nobody can be asked from this run")
            : ask(question, cancellationToken);
}
