using System.Text.Json;
using System.Text.Json.Nodes;

namespace RpaRunner.Sandbox.Quirks;

/// <summary>The current quirks of every system; readers get a snapshot, writers replace it atomically.</summary>
internal sealed class QuirkBoard
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, SystemQuirks> _defaults;
    private readonly Dictionary<string, SystemQuirks> _current;
    private readonly Lock _lock = new();

    public QuirkBoard(IReadOnlyDictionary<string, SystemQuirks> defaults)
    {
        _defaults = defaults.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        _current = defaults.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
    }

    public SystemQuirks Get(string systemId)
    {
        lock (_lock)
        {
            return _current[systemId].Clone();
        }
    }

    /// <summary>Applies the properties present in <paramref name="patch"/> (camelCase JSON) over the current quirks.</summary>
    public (SystemQuirks? Quirks, string? Error) Patch(string systemId, JsonObject patch)
    {
        lock (_lock)
        {
            var merged = JsonSerializer.SerializeToNode(_current[systemId], JsonOptions)!.AsObject();
            foreach (var (key, value) in patch)
            {
                var name = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    return (null, $"Unknown quirk '{key}'.");
                }

                merged[name] = value?.DeepClone();
            }

            SystemQuirks? quirks;
            try
            {
                quirks = merged.Deserialize<SystemQuirks>(JsonOptions);
            }
            catch (JsonException ex)
            {
                return (null, ex.Message);
            }

            var error = quirks?.Validate() ?? "Empty quirks.";
            if (quirks is null || quirks.Validate() is not null)
            {
                return (null, error);
            }

            _current[systemId] = quirks;
            return (quirks.Clone(), null);
        }
    }

    public void Reset(string systemId)
    {
        lock (_lock)
        {
            _current[systemId] = _defaults[systemId].Clone();
        }
    }

    public void ResetAll()
    {
        lock (_lock)
        {
            foreach (var id in _defaults.Keys)
            {
                _current[id] = _defaults[id].Clone();
            }
        }
    }
}
