using System.Text.Json;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>The sandbox offers exactly the systems, actions, inputs and outputs of Workflows/Systems/systems.json.</summary>
public class SystemsContractTests
{
    private static JsonElement Contract()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "../../../../../Workflows/Systems/systems.json");
        return JsonDocument.Parse(File.ReadAllText(file)).RootElement;
    }

    [Fact]
    public void Catalog_MatchesSystemsJson()
    {
        // The systems the sandbox serves as pages and forms; the certificate library (kind "licence") is an API of its
        // own, checked by LicenceLibraryTests.
        var systems = Contract().GetProperty("systems").EnumerateArray().Where(s => s.GetProperty("kind").GetString() != "licence").ToList();
        Assert.Equal(systems.Select(s => s.GetProperty("id").GetString()), SystemCatalog.All.Select(s => s.Id));
        foreach (var system in systems)
        {
            var sandbox = SystemCatalog.Get(system.GetProperty("id").GetString()!);
            Assert.Equal(system.GetProperty("kind").GetString(), sandbox.Kind);
            foreach (var action in system.GetProperty("actions").EnumerateArray())
            {
                var id = action.GetProperty("id").GetString()!;
                var sandboxAction = sandbox.Actions.FirstOrDefault(a => a.Id == id);
                Assert.True(sandboxAction is not null, $"{id} is missing");
                var inputs = action.GetProperty("inputs").EnumerateArray().ToList();
                Assert.Equal(inputs.Select(i => i.GetProperty("id").GetString()!).Order(), sandboxAction.Fields.Select(f => f.Name).Order());
                foreach (var field in sandboxAction.Fields)
                {
                    var declared = inputs.First(i => i.GetProperty("id").GetString() == field.Name);
                    var required = declared.TryGetProperty("required", out var r) && r.GetBoolean();
                    Assert.True(required == field.Required, $"{id}.{field.Name}: required {required} in systems.json, {field.Required} in the sandbox");
                }

                Assert.Equal(action.GetProperty("outputs").EnumerateArray().Select(x => x.GetProperty("id").GetString()!), sandboxAction.Outputs.Select(x => x.Name));
                Assert.Equal(inputs.Count, sandboxAction.Pages.SelectMany(p => p.Fields).Distinct().Count());
            }

            Assert.Equal(system.GetProperty("actions").GetArrayLength(), sandbox.Actions.Count);
        }
    }
}
