using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Scheduling;

/// <summary>Quartz.NET's job store tables in the engine's database: its own create script, included by the
/// engine's PostgreSQL schema ("-- @include quartz:postgres") so they always match the Quartz version.</summary>
public static class QuartzSchema
{
    public static SchemaInclude Postgres { get; } = new("quartz:postgres", () => Script("postgres"));

    /// <summary>Every include the runner provides to the engine's schema scripts.</summary>
    public static IReadOnlyList<SchemaInclude> Includes { get; } = [Postgres];

    /// <summary>Quartz.NET's own create script for a database dialect, with the table prefix "qrtz_".</summary>
    public static string Script(string dialect)
    {
        var resource = $"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql";
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The Quartz assembly has no {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("{0}", SchedulingExtensions.QuartzTablePrefix, StringComparison.Ordinal)
            .Replace("{1}", SchedulingExtensions.QuartzTablePrefix, StringComparison.Ordinal);
    }
}
