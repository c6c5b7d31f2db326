using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Audit;
using RpaRunner.Runner.Farm;
using RpaRunner.Runner.Hosting;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Catalog;
using Spectre.Console;

namespace RpaRunner.Runner.Cli;

/// <summary>The runner's command line: serve, demo, batch-free tools for bundles, the audit trail and the schema.
/// Options it does not know are passed to the host as configuration (e.g. --urls, --Database:ConnectionString=…).</summary>
public static class RunnerCli
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("RpaRunner: bots that enter one unified form into every department system of a 一件事 bundle.");
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(SandboxCommand());
        root.Subcommands.Add(BundlesCommand());
        root.Subcommands.Add(SystemsCommand());
        root.Subcommands.Add(AuditCommand());
        root.Subcommands.Add(DbCommand());
        root.Subcommands.Add(SecretsCommand());
        return root.Parse(args).InvokeAsync();
    }

    private static Command ServeCommand()
    {
        var role = new Option<string>("--role")
        {
            Description = "embedded (default): API, engine and bots in one process. orchestrator: API and engine of a farm "
                + "(PostgreSQL, RabbitMQ); one at a time leads dispatch. worker: bots of the --pool(s) only.",
            DefaultValueFactory = _ => FarmRole.Embedded,
        };
        role.AcceptOnlyFromAmong(FarmRole.Embedded, FarmRole.Orchestrator, FarmRole.Worker);
        var pools = new Option<string[]>("--pool") { Description = "A bot pool this worker serves (web, desktop-linux, …); repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("serve", "Run the runner: API, case engine and this machine's bot pools, or one farm role.") { role, pools };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(role)!;
            var builder = RunnerApp.CreateBuilder([.. parse.UnmatchedTokens]);
            var overrides = new Dictionary<string, string?> { ["Runner:Role"] = chosen };
            if (parse.GetValue(pools) is { Length: > 0 } named)
            {
                overrides["Runner:Pools"] = string.Join(',', named);
            }

            builder.Configuration.AddInMemoryCollection(overrides);
            if (FarmSetup.Check(chosen, builder.Configuration) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            builder.AddRunner();
            var keys = chosen == FarmRole.Worker ? [] : DevelopmentUsers.EnsureSomeone(builder.Configuration).Select(k => (k.User.Role, k.User.Name, k.Key)).ToList();
            await using var app = builder.Build();
            if (chosen == FarmRole.Worker)
            {
                app.MapFarmStatus();
            }
            else
            {
                app.MapRunner();
                app.MapFarmStatus();
                await app.InitializeAsync(cancellationToken);
            }

            foreach (var (userRole, userName, key) in keys)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]No users are configured; this run accepts[/] {userRole} [bold]{userName}[/] with API key [bold]{key}[/]");
            }

            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command SandboxCommand()
    {
        var command = new Command("sandbox", "Run the sandbox department systems standalone (options: --port, --data-dir, --key, --reset, --set SYSTEM:Quirk=value).");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RpaRunner.Sandbox.Hosting.SandboxConsole.RunAsync([.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static Command BundlesCommand()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Bundle JSON files to check.", Arity = ArgumentArity.OneOrMore };
        var systemsFolder = SystemsFolderOption();
        var validate = new Command("validate", "Check bundle files: schema, steps, dependencies, mappings. Exit 1 when any has a problem; warnings (⚠) do not change the exit code.") { files, systemsFolder };
        validate.SetAction(parse =>
        {
            var validator = new BundleValidator(CatalogHosting.StartingCatalog.Load(parse.GetValue(systemsFolder)?.FullName, null).Systems);
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {file.FullName}: no such file");
                    failed++;
                    continue;
                }

                var problems = validator.Validate(File.ReadAllText(file.FullName), out var bundle);
                if (problems.Count == 0)
                {
                    AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {file.Name}: {bundle!.Id} v{bundle.Version} ({bundle.Name.Zh}), {bundle.Steps.Count} steps, {bundle.Form.Sections.Sum(s => s.Fields.Count)} form fields");
                    foreach (var warning in validator.Warnings(bundle))
                    {
                        var action = bundle.FindStep(warning.StepId)?.Action;
                        AnsiConsole.MarkupLineInterpolated($"    [yellow]⚠[/] [bold]{warning.Path}[/]: {action} {warning.Label.Zh}：{warning.Message.Zh}");
                        AnsiConsole.MarkupLineInterpolated($"      {warning.Label.En}: {warning.Message.En}");
                    }

                    continue;
                }

                failed++;
                AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {file.Name}: {problems.Count} problem(s)");
                foreach (var problem in problems)
                {
                    AnsiConsole.MarkupLineInterpolated($"    {problem.Text.Zh}");
                    AnsiConsole.MarkupLineInterpolated($"      [bold]{problem.Path}[/]: {problem.Message}");
                }
            }

            return failed == 0 ? 0 : 1;
        });

        var list = new Command("list", "List the bundles this runner ships.");
        list.SetAction(_ =>
        {
            var table = new Table().AddColumns("id", "version", "name", "steps");
            foreach (var bundle in BundleCatalog.LoadEmbedded().Latest)
            {
                table.AddRow(bundle.Id, bundle.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{bundle.Name.Zh} / {bundle.Name.En}", string.Join(" → ", bundle.Steps.Select(s => s.Id)));
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var schema = new Command("schema", "Print the bundle JSON Schema.");
        schema.SetAction(_ => Console.Out.Write(BundleSchema.Text));
        return new Command("bundles", "Bundle definitions: list, validate, schema.") { validate, list, schema };
    }

    /// <summary>The catalog folder of department systems added as data (as DepartmentSystems:CatalogFolder), for checks made away from a runner.</summary>
    private static Option<DirectoryInfo> SystemsFolderOption() =>
        new("--systems") { Description = "A catalog folder of department system packages (as DepartmentSystems:CatalogFolder) beside the shipped systems." };

    private static Command SystemsCommand()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "System package files (JSON: system, script, scripts).", Arity = ArgumentArity.OneOrMore };
        var systemsFolder = SystemsFolderOption();
        var validate = new Command("validate", "Check department system packages as a runner loads them: the catalog entry, every bot script, the commit-point rules. Exit 1 when any has a problem.") { files, systemsFolder };
        validate.SetAction(parse =>
        {
            var starting = CatalogHosting.StartingCatalog.Load(parse.GetValue(systemsFolder)?.FullName, null);
            var packages = new Bots.Scripts.SystemPackages(starting.Systems, starting.Scripts);
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                IReadOnlyList<string> problems;
                SystemPackage? package = null;
                try
                {
                    package = SystemPackage.FromJson(File.ReadAllText(file.FullName));
                    problems = packages.Check(package);
                }
                catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
                {
                    problems = [ex.Message];
                }

                if (problems.Count == 0)
                {
                    AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {file.Name}: {package!.System.Id} ({package.System.Name.Zh}), {package.System.Actions.Count} action(s), {package.Scripts.Count} script(s)");
                    continue;
                }

                failed++;
                AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {file.Name}: {problems.Count} problem(s)");
                foreach (var problem in problems)
                {
                    AnsiConsole.MarkupLineInterpolated($"    {problem}");
                }
            }

            return failed == 0 ? 0 : 1;
        });

        var list = new Command("list", "List the department systems and their actions (shipped, and a catalog folder's with --systems).") { systemsFolder };
        list.SetAction(parse =>
        {
            var table = new Table().AddColumns("id", "kind", "name", "actions");
            foreach (var system in CatalogHosting.StartingCatalog.Load(parse.GetValue(systemsFolder)?.FullName, null).Systems.Systems.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                table.AddRow(system.Id, system.Kind, $"{system.Name.Zh} / {system.Name.En}", string.Join(", ", system.Actions.Select(a => a.Id)));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("systems", "Department systems as data: list, validate.") { list, validate };
    }

    private static Command AuditCommand()
    {
        var verify = new Command("verify", "Check the audit trail with the audit key and the checkpoint file; names every edited, deleted, swapped or "
            + "rehashed row, a truncated or emptied trail and cases without their submission. Exit 1 when tampered with, 2 when it cannot check.");
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = OfflineApp([.. parse.UnmatchedTokens]);
            var configuration = app.Configuration;
            var dataDirectory = RunnerApp.DataDirectory(configuration);
            AuditKey key;
            IReadOnlyList<AuditCheckpointRecord> file;
            var checkpointFile = AuditOptions.Of(configuration).CheckpointPath(dataDirectory);
            try
            {
                key = AuditKeys.Load(configuration, dataDirectory, create: false);
                file = new AuditCheckpointLog(checkpointFile).Read();
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException)
            {
                await Console.Error.WriteLineAsync($"Cannot verify the audit trail: {ex.Message}");
                return 2;
            }

            await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync(cancellationToken);
            var result = await AuditVerifier.VerifyAsync(db, key, file, cancellationToken);
            if (file.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]![/] no checkpoint file at {checkpointFile}: truncation together with the database's checkpoints cannot be seen");
            }

            if (result.Unsealed > 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]{result.Unsealed} rows written in the last seconds, not yet sealed[/]");
            }

            if (result.Intact)
            {
                AnsiConsole.MarkupLineInterpolated($"[green]✓ audit trail intact[/]: {result.RowsVerified} sealed rows verified under {result.Checkpoints} checkpoints");
                return 0;
            }

            AnsiConsole.MarkupLineInterpolated($"[red]✗ audit trail tampered with[/]: {result.Problems.Count} problem(s)");
            foreach (var problem in result.Problems)
            {
                AnsiConsole.MarkupLineInterpolated($"  [bold]{problem.Kind}[/]: {problem.Message}");
            }

            return 1;
        });

        var to = new Option<FileInfo?>("--to") { Description = "The file to write (default: standard output)." };
        var export = new Command("export", "Write the sealed trail with its checkpoints as JSON lines, for an archive outside the runner.") { to };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = OfflineApp([.. parse.UnmatchedTokens]);
            await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync(cancellationToken);
            if (parse.GetValue(to) is not { } target)
            {
                await AuditExport.WriteAsync(db, Console.Out, cancellationToken);
                return 0;
            }

            await using (var writer = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(false)))
            {
                var (rows, checkpoints) = await AuditExport.WriteAsync(db, writer, cancellationToken);
                await Console.Error.WriteLineAsync($"{rows} sealed rows and {checkpoints} checkpoints written to {target.FullName}");
            }

            return 0;
        });
        return new Command("audit", "The audit trail.") { verify, export };
    }

    private static Command SecretsCommand()
    {
        var newKey = new Command("new-key", "Print a new random data key (base64, AES-256) for Security:DataKey or a line of Security:DataKeyFile.");
        newKey.SetAction(_ => Console.Out.WriteLine(DataKeys.NewKeyText()));

        var protect = new Command("protect", "Seal a secret for configuration (e.g. a department system's robot password). Reads the value from "
            + "standard input, so it stays out of the shell history, and prints \"rpa1:…\" to put in the setting instead of the value.");
        protect.TreatUnmatchedTokensAsErrors = false;
        protect.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = RunnerApp.CreateBuilder([.. parse.UnmatchedTokens]).Configuration;
            var cipher = DataKeys.Load(configuration, RunnerApp.DataDirectory(configuration));
            var value = (await Console.In.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
            if (value.Length == 0)
            {
                await Console.Error.WriteLineAsync("Nothing to seal: pipe the secret in, e.g.  read -rs P; printf %s \"$P\" | ./rpa secrets protect");
                return 2;
            }

            Console.Out.WriteLine(cipher.Protect(value, ProtectedSettings.Purpose));
            await Console.Error.WriteLineAsync($"sealed with data key {cipher.CurrentKeyId}");
            return 0;
        });
        return new Command("secrets", "Data keys and sealed settings (personal data and secrets are encrypted at rest).") { newKey, protect };
    }

    private static Command DbCommand()
    {
        var script = new Command("script", "Print the SQL schema the EF Core model describes (for review against Workflows/Engine/Storage/Schema).");
        script.TreatUnmatchedTokensAsErrors = false;
        script.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = OfflineApp([.. parse.UnmatchedTokens]);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync(cancellationToken);
            Console.Out.Write(db.Database.GenerateCreateScript());
        });
        return new Command("db", "The engine database.") { script };
    }

    /// <summary>A host with only the database, for commands that do not serve.</summary>
    private static WebApplication OfflineApp(string[] args)
    {
        var builder = RunnerApp.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddEngineStore(builder.Configuration);
        return builder.Build();
    }
}
