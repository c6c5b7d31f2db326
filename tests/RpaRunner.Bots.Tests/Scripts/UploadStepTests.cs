using System.Security.Cryptography;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>The upload verb of a bot script: a material the case lacks, an optional one, and a file that is not the one dispatched.</summary>
public sealed class UploadStepTests
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% scan\n%%EOF\n"u8.ToArray();

    private sealed class UploadingDriver : IScriptDriver
    {
        public List<MaterialPayload> Uploaded { get; } = [];

        public Task GotoAsync(string address, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<(string?, int)>(("办理成功", 0));

        public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> UploadAsync(IReadOnlyList<Target> targets, MaterialPayload file, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Uploaded.Add(file);
            return Task.FromResult(0);
        }

        public Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static ScriptStep Upload(bool optional) =>
        new() { Upload = [new Target { Css = "#att_birthCertificateScan" }], Material = "birthCertificateScan", Optional = optional };

    private static RunStep Step(MaterialReference reference) => new()
    {
        StepRecordId = Guid.NewGuid(), DispatchToken = Guid.NewGuid(), CaseCode = "NB1", StepId = "household", BundleId = "newborn",
        System = "gongan", Action = "gongan.registerNewborn", Pool = "web", Attempt = 1, IdempotencyKey = "NB1:household", Inputs = [],
        LeaseExpiresAt = DateTimeOffset.MaxValue, Materials = [reference],
    };

    private static MaterialReference Missing => new() { MaterialId = "birthCertificateScan", Name = "出生医学证明", EnglishName = "Birth medical certificate" };

    private static MaterialReference Supplied(byte[] content) => Missing with
    {
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Size = content.Length, ContentType = "application/pdf", FileName = "出生证.pdf",
    };

    private static Task RunAsync(ScriptRunner runner, ScriptStep step) =>
        runner.RunStepsAsync("gongan.registerNewborn", "steps", [step], new ScriptValues(new Dictionary<string, string?>(), new Dictionary<string, string?>()), CancellationToken.None);

    [Fact]
    public async Task MissingMaterial_NotOptional_GoesToAPersonAsABusinessFailure_NamingTheMaterialInChinese()
    {
        var driver = new UploadingDriver();
        var runner = new ScriptRunner(driver, TimeSpan.FromSeconds(1), new StepMaterials(Step(Missing), (_, _) => throw new InvalidOperationException("nothing to fetch")));

        var failure = await Assert.ThrowsAsync<BusinessRuleException>(() => RunAsync(runner, Upload(optional: false)));

        Assert.StartsWith("材料未提交：出生医学证明", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Workflows.Engine.FailureClass.Business, failure.Class);
        Assert.Empty(driver.Uploaded);
    }

    [Fact]
    public async Task MissingMaterial_Optional_IsSkipped_AndNotedWithTheAttempt()
    {
        var driver = new UploadingDriver();
        var runner = new ScriptRunner(driver, TimeSpan.FromSeconds(1), new StepMaterials(Step(Missing), (_, _) => throw new InvalidOperationException("nothing to fetch")));

        await RunAsync(runner, Upload(optional: true));

        Assert.Empty(driver.Uploaded);
        Assert.Equal(["材料未提交，跳过上传：出生医学证明 / material not supplied yet, upload skipped: Birth medical certificate"], runner.Notes);
    }

    [Fact]
    public async Task Sha256Mismatch_IsATransientFailure_AndNothingIsUploaded()
    {
        var driver = new UploadingDriver();
        byte[] other = [.. Pdf, (byte)'x'];
        var reference = Supplied(Pdf) with { Size = other.Length };
        var runner = new ScriptRunner(driver, TimeSpan.FromSeconds(1), new StepMaterials(Step(reference), (_, _) => Task.FromResult(other)));

        var failure = await Assert.ThrowsAsync<TransientBotException>(() => RunAsync(runner, Upload(optional: true)));

        Assert.Contains("材料「出生医学证明」校验不符", failure.Message, StringComparison.Ordinal);
        Assert.Empty(driver.Uploaded);
    }

    [Fact]
    public async Task SuppliedMaterial_IsUploadedWithItsNameAndType()
    {
        var driver = new UploadingDriver();
        var runner = new ScriptRunner(driver, TimeSpan.FromSeconds(1), new StepMaterials(Step(Supplied(Pdf)), (_, _) => Task.FromResult(Pdf)));

        await RunAsync(runner, Upload(optional: false));

        var file = Assert.Single(driver.Uploaded);
        Assert.Equal(("出生证.pdf", "application/pdf"), (file.FileName, file.MediaType));
        Assert.Equal(Pdf, file.Content);
    }

    [Fact]
    public void AScript_ThatUploadsAfterItsCommitPoint_IsRefused()
    {
        var library = new ScriptLibrary();
        library.Add("""
            {"action": "gongan.registerNewborn", "searchBeforeCreate": {"steps": [{"goto": "/search"}], "found": [{"css": "a"}]},
             "steps": [{"click": [{"css": "#btnSubmit"}], "commit": true}, {"upload": [{"css": "#att"}], "material": "birthCertificateScan"}], "outputs": {}}
            """, "test");
        Assert.Contains(library.Problems(SystemCatalog.LoadEmbedded()), p => p.Contains("uploads at or after the commit point", StringComparison.Ordinal));
    }
}
