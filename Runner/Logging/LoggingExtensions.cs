using Serilog;
using Serilog.Formatting.Compact;

namespace RpaRunner.Runner.Logging;

public static class LoggingExtensions
{
    /// <summary>Serilog to the console and to a daily rolling JSON file, with personal data masked. Lines written inside a
    /// span carry its trace id (console) or trace and span ids (<c>@tr</c>, <c>@sp</c> in the JSON file).</summary>
    public static void AddRunnerLogging(this WebApplicationBuilder builder, string dataDirectory)
    {
        builder.Services.AddSerilog((services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<PersonalDataMaskingEnricher>()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(dataDirectory, "logs", "runner-.json"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 30));
    }
}
