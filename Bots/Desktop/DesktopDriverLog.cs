using System.Globalization;

namespace RpaRunner.Bots.Desktop;

/// <summary>What the desktop driver did during one attempt, kept for failure evidence (values are never written, only their length).</summary>
public sealed class DesktopDriverLog(TimeProvider time, int capacity = 500)
{
    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        var stamped = time.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line;
        lock (_lock)
        {
            _lines.Enqueue(stamped);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _lines.Clear();
        }
    }
}
