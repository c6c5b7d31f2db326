using System.Data;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// Checks the audit trail with the audit key and the checkpoint file (ADR 0011) and names every kind of
/// tampering it finds: an edited, deleted or swapped row, a trail cut back (even with its newest checkpoints),
/// a trail emptied while cases remain, a case without its submission, and a chain recomputed without the key.
/// Rows not sealed yet are counted apart; they are not a problem.
/// </summary>
public static class AuditVerifier
{
    /// <summary>Past this many rows whose MAC fails, rows are not paired up to look for swaps.</summary>
    private const int MaxRowsToPair = 256;

    /// <param name="checkpointFile">Read before this is called: every checkpoint in the file was committed to the database
    /// first, so the snapshot read here holds all of them.</param>
    public static async Task<AuditVerification> VerifyAsync(EngineDbContext db, AuditKey key, IReadOnlyList<AuditCheckpointRecord> checkpointFile, CancellationToken cancellationToken = default)
    {
        // One snapshot for every read: a sealer at work beside the verification (a live farm) must not add sealed rows
        // between reading the checkpoints and reading the rows they vouch for.
        var isolation = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable;
        await using var snapshot = await db.Database.BeginTransactionAsync(isolation, cancellationToken);
        var problems = new List<AuditProblem>();
        var stored = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Number).ToListAsync(cancellationToken);
        var keyFits = CheckCheckpoints(stored, key, problems);
        if (!keyFits)
        {
            // Every MAC would fail; naming each row would only hide the one cause.
            return await FinishAsync(db, problems, 0, stored, cancellationToken);
        }

        var vouched = CheckFile(stored, checkpointFile, key, problems);
        var legacyThrough = vouched.FirstOrDefault(c => c.Number == 0)?.Seq ?? 0;
        var wanted = vouched.Select(c => c.Seq).ToHashSet();
        var hashAt = new Dictionary<long, string>();
        var failing = new List<AuditEventRecord>();
        long expected = 1;
        long rows = 0;
        var previousHash = AuditChain.GenesisHash;
        var previousFailed = false;
        await foreach (var row in db.AuditEvents.AsNoTracking().Where(a => a.Seq != null).OrderBy(a => a.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var seq = row.Seq!.Value;
            if (seq > expected)
            {
                problems.Add(new(AuditProblemKinds.Deleted, expected, seq - expected == 1
                    ? $"row {expected} was deleted (the chain goes from row {expected - 1} to row {seq})"
                    : $"rows {expected}–{seq - 1} were deleted (the chain goes from row {expected - 1} to row {seq})"));
            }

            var fits = Fits(row, legacyThrough, key);
            if (!fits)
            {
                failing.Add(row);
            }
            else if (seq == expected && !previousFailed && row.PreviousHash != previousHash)
            {
                problems.Add(new(AuditProblemKinds.Reordered, seq, $"row {seq} does not follow row {seq - 1}: rows between them were removed and the rest renumbered, or rows were moved"));
            }

            if (wanted.Contains(seq))
            {
                hashAt[seq] = row.Hash ?? string.Empty;
            }

            previousFailed = !fits;
            previousHash = row.Hash ?? string.Empty;
            expected = seq + 1;
            rows++;
        }

        NameFailures(failing, legacyThrough, key, problems);
        CheckAgainstCheckpoints(vouched, hashAt, expected - 1, problems);
        return await FinishAsync(db, problems, rows, vouched, cancellationToken);
    }

    /// <summary>The chain of checkpoints in the database; false when the key fits none of them (a wrong key).</summary>
    private static bool CheckCheckpoints(List<AuditCheckpointRecord> stored, AuditKey key, List<AuditProblem> problems)
    {
        var authenticated = stored.Where(c => c.Mac.Length > 0).ToList();
        if (authenticated.Count > 0 && authenticated.All(c => key.CheckpointMac(c) != c.Mac))
        {
            problems.Add(new(AuditProblemKinds.WrongKey, null,
                "the audit key does not fit any checkpoint of this trail: it is not the key the trail was sealed with (Audit:Key / Audit:KeyFile), or every checkpoint was forged"));
            return false;
        }

        string previousMac = string.Empty;
        for (var i = 0; i < stored.Count; i++)
        {
            var checkpoint = stored[i];
            if (checkpoint.Number != i)
            {
                problems.Add(new(AuditProblemKinds.Deleted, null, $"checkpoint {i} was deleted from the database (the next one is {checkpoint.Number})"));
                break;
            }

            if (checkpoint.Mac.Length == 0 && i == 0 && stored.Count == 1)
            {
                // An upgraded database the runner has not sealed yet: checkpoint 0 is authenticated at the first seal.
                continue;
            }

            if (key.CheckpointMac(checkpoint) != checkpoint.Mac || checkpoint.PreviousMac != previousMac)
            {
                problems.Add(new(AuditProblemKinds.Edited, checkpoint.Seq, $"checkpoint {checkpoint.Number} (row {checkpoint.Seq}) was changed or forged: its MAC does not match"));
            }

            previousMac = checkpoint.Mac;
        }

        return true;
    }

    /// <summary>Each checkpoint of the file must be in the database as it was written; returns every checkpoint either holds.</summary>
    private static List<AuditCheckpointRecord> CheckFile(List<AuditCheckpointRecord> stored, IReadOnlyList<AuditCheckpointRecord> file, AuditKey key, List<AuditProblem> problems)
    {
        var byNumber = stored.ToDictionary(c => c.Number);
        var vouched = new List<AuditCheckpointRecord>(stored);
        var lastStored = stored.Count == 0 ? -1 : stored[^1].Number;
        foreach (var line in file)
        {
            if (key.CheckpointMac(line) != line.Mac)
            {
                problems.Add(new(AuditProblemKinds.Edited, line.Seq, $"checkpoint {line.Number} in the checkpoint file does not carry the audit key's MAC"));
                continue;
            }

            if (byNumber.TryGetValue(line.Number, out var inDatabase))
            {
                if (inDatabase.Mac != line.Mac || inDatabase.Seq != line.Seq || inDatabase.Hash != line.Hash)
                {
                    problems.Add(new(AuditProblemKinds.Edited, line.Seq, $"checkpoint {line.Number} in the database differs from the one in the checkpoint file (row {line.Seq}): it was rewritten"));
                }

                continue;
            }

            if (line.Number > lastStored)
            {
                problems.Add(new(AuditProblemKinds.Truncated, line.Seq,
                    $"the trail was cut back: the checkpoint file records checkpoint {line.Number} (row {line.Seq}, {line.At:u}), the database's checkpoints end at {(lastStored < 0 ? "none" : lastStored.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
            }
            else
            {
                problems.Add(new(AuditProblemKinds.Deleted, line.Seq, $"checkpoint {line.Number} of the checkpoint file (row {line.Seq}) was deleted from the database"));
            }

            vouched.Add(line);
            byNumber[line.Number] = line;
        }

        return [.. vouched.DistinctBy(c => c.Number).OrderBy(c => c.Number)];
    }

    private static bool Fits(AuditEventRecord row, long legacyThrough, AuditKey key) =>
        row.Seq <= legacyThrough ? AuditChain.ComputeHash(row) == row.Hash : key.RowMac(row) == row.Hash;

    /// <summary>Why each row whose hash fails does: swapped with another, rehashed without the key, or edited.</summary>
    private static void NameFailures(List<AuditEventRecord> failing, long legacyThrough, AuditKey key, List<AuditProblem> problems)
    {
        var explained = new HashSet<long>();
        if (failing.Count <= MaxRowsToPair)
        {
            for (var i = 0; i < failing.Count; i++)
            {
                for (var j = i + 1; j < failing.Count; j++)
                {
                    var (a, b) = (failing[i], failing[j]);
                    if (explained.Contains(a.Id) || explained.Contains(b.Id) || SwappedPart(a, b, legacyThrough, key) is not { } part)
                    {
                        continue;
                    }

                    explained.Add(a.Id);
                    explained.Add(b.Id);
                    problems.Add(new(AuditProblemKinds.Swapped, a.Seq, $"rows {a.Seq} and {b.Seq} were swapped (their {part} changed places)"));
                }
            }
        }

        var rest = failing.Where(r => !explained.Contains(r.Id)).ToList();
        for (var i = 0; i < rest.Count;)
        {
            var row = rest[i];
            var plain = AuditChain.ComputeHash(row) == row.Hash && row.Seq > legacyThrough;
            // A run of failing rows chained onto each other was rehashed as a whole: without the key, or with another.
            var end = i;
            while (end + 1 < rest.Count && rest[end + 1].Seq == rest[end].Seq + 1 && rest[end + 1].PreviousHash == rest[end].Hash)
            {
                end++;
            }

            var range = end == i ? $"row {row.Seq}" : $"rows {row.Seq}–{rest[end].Seq}";
            if (plain)
            {
                problems.Add(new(AuditProblemKinds.Recomputed, row.Seq, $"{range} were rewritten and rehashed without the audit key (plain SHA-256)"));
            }
            else if (end > i)
            {
                problems.Add(new(AuditProblemKinds.Recomputed, row.Seq, $"{range} were rewritten and rehashed without the audit key (the hashes chain, but not under this key)"));
            }
            else
            {
                problems.Add(new(AuditProblemKinds.Edited, row.Seq, $"row {row.Seq} ({row.Kind}, case {row.CaseCode ?? "-"}, {row.At:u}) was edited after it was sealed: its hash does not match its content"));
            }

            i = end + 1;
        }
    }

    /// <summary>The part two rows exchanged when both fit again once it is put back, else null.</summary>
    private static string? SwappedPart(AuditEventRecord a, AuditEventRecord b, long legacyThrough, AuditKey key)
    {
        bool BothFit(AuditEventRecord x, AuditEventRecord y) => Fits(x, legacyThrough, key) && Fits(y, legacyThrough, key);
        if (BothFit(WithContentOf(a, b), WithContentOf(b, a)))
        {
            return "contents";
        }

        if (BothFit(Copy(a, a.Id, b.Seq), Copy(b, b.Id, a.Seq)))
        {
            return "places (Seq)";
        }

        return BothFit(Copy(a, b.Id, a.Seq), Copy(b, a.Id, b.Seq)) ? "arrival order (Id)" : null;
    }

    private static AuditEventRecord WithContentOf(AuditEventRecord place, AuditEventRecord content) => new()
    {
        Id = place.Id, Seq = place.Seq, PreviousHash = place.PreviousHash, Hash = place.Hash,
        At = content.At, Kind = content.Kind, Actor = content.Actor, CaseCode = content.CaseCode, StepId = content.StepId, DetailJson = content.DetailJson,
    };

    private static AuditEventRecord Copy(AuditEventRecord row, long id, long? seq) => new()
    {
        Id = id, Seq = seq, PreviousHash = row.PreviousHash, Hash = row.Hash,
        At = row.At, Kind = row.Kind, Actor = row.Actor, CaseCode = row.CaseCode, StepId = row.StepId, DetailJson = row.DetailJson,
    };

    /// <summary>Every checkpoint vouches for the hash of its row; the chain must reach the newest one and end there.</summary>
    private static void CheckAgainstCheckpoints(List<AuditCheckpointRecord> vouched, Dictionary<long, string> hashAt, long lastSeq, List<AuditProblem> problems)
    {
        var newest = vouched.Count == 0 ? null : vouched.MaxBy(c => c.Seq);
        if (newest is not null && newest.Seq > lastSeq)
        {
            problems.Add(new(AuditProblemKinds.Truncated, lastSeq + 1,
                $"the trail was truncated: checkpoint {newest.Number} ({newest.At:u}) vouches for row {newest.Seq}, the chain ends at row {lastSeq}; rows {lastSeq + 1}–{newest.Seq} were removed"));
        }
        else if (newest is not null && lastSeq > newest.Seq)
        {
            problems.Add(new(AuditProblemKinds.Unvouched, newest.Seq + 1,
                $"rows {newest.Seq + 1}–{lastSeq} are sealed but no checkpoint vouches for them: they were added behind the sealer's back"));
        }

        var firstRowProblem = problems.Where(p => p.Seq is not null).Select(p => p.Seq!.Value).DefaultIfEmpty(long.MaxValue).Min();
        foreach (var checkpoint in vouched.Where(c => c.Seq > 0 && c.Seq < firstRowProblem))
        {
            if (hashAt.TryGetValue(checkpoint.Seq, out var hash) && hash != checkpoint.Hash)
            {
                problems.Add(new(AuditProblemKinds.Recomputed, checkpoint.Seq,
                    $"checkpoint {checkpoint.Number} vouches for another row {checkpoint.Seq} than the one stored: the rows up to it were rewritten"));
                break;
            }
        }
    }

    /// <summary>Cases the trail must account for, and the rows not sealed yet.</summary>
    private static async Task<AuditVerification> FinishAsync(EngineDbContext db, List<AuditProblem> problems, long rows, List<AuditCheckpointRecord> vouched, CancellationToken cancellationToken)
    {
        var cases = await db.Cases.LongCountAsync(cancellationToken);
        var counted = vouched.Count == 0 ? 0 : vouched.Max(c => c.Cases);
        if (counted > cases)
        {
            problems.Add(new(AuditProblemKinds.CasesDeleted, null, $"cases were deleted: a checkpoint counted {counted} cases, the database holds {cases}"));
        }

        var anyRow = await db.AuditEvents.AnyAsync(cancellationToken);
        if (!anyRow && cases > 0)
        {
            problems.Add(new(AuditProblemKinds.Emptied, null, $"every audit row was deleted, but {cases} cases remain"));
        }
        else
        {
            var orphans = await db.Cases.AsNoTracking()
                .Where(c => !db.AuditEvents.Any(a => a.CaseCode == c.Code && a.Kind == AuditKinds.CaseSubmitted))
                .OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(cancellationToken);
            if (orphans.Count > 0)
            {
                problems.Add(new(AuditProblemKinds.SubmissionMissing, null,
                    $"{orphans.Count} case(s) have no {AuditKinds.CaseSubmitted} row, so their trail was deleted: {string.Join(", ", orphans.Take(5))}{(orphans.Count > 5 ? ", …" : string.Empty)}"));
            }
        }

        var unsealed = await db.AuditEvents.CountAsync(a => a.Seq == null, cancellationToken);
        var checkpoints = vouched.Count;
        return new AuditVerification(rows, checkpoints, unsealed, [.. problems.OrderBy(p => p.Seq ?? long.MaxValue)]);
    }
}

/// <summary>The kinds of problem <see cref="AuditVerifier"/> names.</summary>
public static class AuditProblemKinds
{
    public const string Edited = "edited";
    public const string Deleted = "deleted";
    public const string Swapped = "swapped";
    public const string Reordered = "reordered";
    public const string Truncated = "truncated";
    public const string Unvouched = "unvouched";
    public const string Emptied = "emptied";
    public const string SubmissionMissing = "submission-missing";
    public const string CasesDeleted = "cases-deleted";
    public const string Recomputed = "recomputed";
    public const string WrongKey = "wrong-key";
}

/// <param name="Seq">The row (or the checkpoint's row) concerned, when there is one.</param>
public sealed record AuditProblem(string Kind, long? Seq, string Message);

public sealed record AuditVerification(long RowsVerified, long Checkpoints, int Unsealed, IReadOnlyList<AuditProblem> Problems)
{
    public bool Intact => Problems.Count == 0;

    public long? FirstBrokenSeq => Problems.FirstOrDefault(p => p.Seq is not null)?.Seq;

    /// <summary>Every problem, one per line; null when intact.</summary>
    public string? Problem => Intact ? null : string.Join(Environment.NewLine, Problems.Select(p => $"{p.Kind}: {p.Message}"));

    public bool Has(string kind) => Problems.Any(p => p.Kind == kind);
}
