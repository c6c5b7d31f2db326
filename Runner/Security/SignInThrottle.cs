namespace RpaRunner.Runner.Security;

/// <summary>
/// Locks a user name out of the web UI's sign-in for <see cref="LockoutDuration"/> after
/// <see cref="MaxFailures"/> wrong passwords in a row, so a password cannot be guessed by trying. Counted per
/// runner process (in a farm, per orchestrator); a right password resets the count, a lockout ends by itself.
/// <para>
/// A password is checked only after <see cref="Begin"/> reserved a place for it: failures counted plus checks
/// under way never pass <see cref="MaxFailures"/>, so a burst of parallel guesses gets exactly as many checks as
/// one guess after another, and the rest are refused as locked without a check.
/// </para>
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>When the name is locked out, until when; else null.</summary>
    public DateTimeOffset? LockedUntil(string name)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(name, out var entry) && entry.LockedUntil > time.GetUtcNow() ? entry.LockedUntil : null;
        }
    }

    /// <summary>
    /// Reserves the right to check one password for the name; null when the name is locked out, or when the
    /// checks under way could lock it (then this attempt is refused as if locked, without a check).
    /// </summary>
    public Attempt? Begin(string name)
    {
        lock (_gate)
        {
            var entry = Current(name);
            if (entry.LockedUntil > time.GetUtcNow() || entry.Failures + entry.Pending >= MaxFailures)
            {
                return null;
            }

            entry.Pending++;
            return new Attempt(this, name, entry);
        }
    }

    /// <summary>The name's entry, started afresh when its lockout is over.</summary>
    private Entry Current(string name)
    {
        if (!_entries.TryGetValue(name, out var entry) || (entry.LockedUntil != DateTimeOffset.MinValue && entry.LockedUntil <= time.GetUtcNow()))
        {
            entry = new Entry();
            _entries[name] = entry;
        }

        return entry;
    }

    private bool Finish(string name, Entry entry, bool? rightPassword)
    {
        lock (_gate)
        {
            entry.Pending--;
            if (!_entries.TryGetValue(name, out var current) || !ReferenceEquals(current, entry))
            {
                // A right password ended the count this check belonged to.
                return false;
            }

            if (rightPassword == true)
            {
                _entries.Remove(name);
                return false;
            }

            if (rightPassword is null)
            {
                return false;
            }

            entry.Failures++;
            if (entry.Failures < MaxFailures)
            {
                return false;
            }

            entry.LockedUntil = time.GetUtcNow() + LockoutDuration;
            return true;
        }
    }

    /// <summary>One password check that holds a place; a check dropped without an outcome (an error) frees its place.</summary>
    public sealed class Attempt : IDisposable
    {
        private readonly SignInThrottle _throttle;
        private readonly string _name;
        private readonly Entry _entry;
        private bool _finished;

        internal Attempt(SignInThrottle throttle, string name, Entry entry)
        {
            _throttle = throttle;
            _name = name;
            _entry = entry;
        }

        /// <summary>Counts a wrong password; returns true when this failure locked the name out.</summary>
        public bool Failed() => End(rightPassword: false);

        /// <summary>The right password: the count starts again.</summary>
        public void Succeeded() => End(rightPassword: true);

        public void Dispose()
        {
            if (!_finished)
            {
                End(rightPassword: null);
            }
        }

        private bool End(bool? rightPassword)
        {
            if (_finished)
            {
                throw new InvalidOperationException("This sign-in attempt already has its outcome.");
            }

            _finished = true;
            return _throttle.Finish(_name, _entry, rightPassword);
        }
    }

    internal sealed class Entry
    {
        public int Failures { get; set; }

        public int Pending { get; set; }

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
