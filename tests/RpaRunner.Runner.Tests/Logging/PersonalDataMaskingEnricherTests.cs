using RpaRunner.Runner.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace RpaRunner.Runner.Tests.Logging;

public sealed class PersonalDataMaskingEnricherTests
{
    [Fact]
    public void Enrich_MasksIdNumbersPhonesAndNames_InPropertiesAndStructures()
    {
        var sink = new CollectingSink();
        using (var log = new LoggerConfiguration().Enrich.With<PersonalDataMaskingEnricher>().WriteTo.Sink(sink).CreateLogger())
        {
            log.Information("Applicant {ApplicantName} with {IdNumber} called from {Phone}", "张三丰", "11010519491231002X", "13812345678");
            log.Information("Form {@Form}", new { motherName = "李秀英", note = "ID 11010519491231002X, tel 13912345678", companyName = "长沙星城科技有限公司" });
        }

        var first = sink.Events[0].RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("11010519491231002X", first);
        Assert.DoesNotContain("13812345678", first);
        Assert.DoesNotContain("张三丰", first);
        Assert.Contains("110105********002X", first);
        Assert.Contains("138****5678", first);
        Assert.Contains("张**", first);

        var second = sink.Events[1].RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("李秀英", second);
        Assert.DoesNotContain("11010519491231002X", second);
        Assert.DoesNotContain("13912345678", second);
        Assert.Contains("长沙星城科技有限公司", second);
    }

    [Fact]
    public void Enrich_LeavesTheNamesOfThingsReadable_ButStillMasksPeoplesNames()
    {
        var sink = new CollectingSink();
        using (var log = new LoggerConfiguration().Enrich.With<PersonalDataMaskingEnricher>().WriteTo.Sink(sink).CreateLogger())
        {
            log.Information("Quartz Scheduler '{SchedulerName}' initialized on {MachineName}", "QuartzScheduler", "bot-host-1");
            log.Information("Loaded {FileName} for {SystemName} in {EnvironmentName}", "newborn.json", "公安户籍系统", "Production");
            log.Information("Sign-in of {UserName}; applicant {ApplicantName} (Latin {FatherName})", "operator1", "王小明", "John Smith");
        }

        var quartz = sink.Events[0].RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("\"QuartzScheduler\"", quartz);
        Assert.Contains("bot-host-1", quartz);
        var files = sink.Events[1].RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("newborn.json", files);
        Assert.Contains("公安户籍系统", files);
        Assert.Contains("Production", files);
        var people = sink.Events[2].RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("operator1", people);
        Assert.DoesNotContain("王小明", people);
        Assert.Contains("王**", people);
        Assert.DoesNotContain("John Smith", people);
    }

    private sealed class CollectingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
