using System.Globalization;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

public sealed partial class BundleValidator
{
    /// <summary>
    /// 一次告知: each material has its own id, is needed by steps of the bundle, accepts at least one type, and has a
    /// size limit above zero and within what the runner accepts (<see cref="MaterialDefinition.MaxSizeMbCeiling"/>).
    /// </summary>
    private static void CheckMaterials(BundleDefinition bundle, List<BundleProblem> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < bundle.Materials.Count; m++)
        {
            var material = bundle.Materials[m];
            var at = $"$.materials[{m}]";
            if (!ids.Add(material.Id))
            {
                problems.Add(new($"{at}.id", $"material id '{material.Id}' is used twice",
                    new($"材料“{material.Name.Zh}”的标识与另一份材料重复", $"Material “{material.Name.En}” has the same identifier as another material")));
            }

            if (material.Steps.Count == 0)
            {
                problems.Add(new($"{at}.steps", $"material '{material.Id}' is needed by no step",
                    new($"材料“{material.Name.Zh}”没有指明哪些事项需要它", $"Material “{material.Name.En}” names no matter that needs it")));
            }

            for (var s = 0; s < material.Steps.Count; s++)
            {
                if (bundle.FindStep(material.Steps[s]) is null)
                {
                    problems.Add(new($"{at}.steps[{s}]", $"unknown step '{material.Steps[s]}'",
                        new($"材料“{material.Name.Zh}”所需的事项不存在", $"Material “{material.Name.En}” is needed by a matter that does not exist")));
                }
            }

            if (material.FetchedBy is { } fetchedBy && (bundle.FindStep(fetchedBy) is null || material.Steps.Contains(fetchedBy)))
            {
                problems.Add(new($"{at}.fetchedBy", $"material '{material.Id}' is fetched by '{fetchedBy}', which is no step of the bundle or one that needs the material",
                    new($"材料“{material.Name.Zh}”的电子证照获取事项不存在，或正是需要该材料的事项", $"Material “{material.Name.En}” is fetched by a matter that does not exist or that itself needs the material")));
            }

            if (material.Types.Count != material.Types.Distinct().Count())
            {
                problems.Add(new($"{at}.types", $"material '{material.Id}' names a file type twice",
                    new($"材料“{material.Name.Zh}”的文件类型重复", $"Material “{material.Name.En}” names a file type twice")));
            }

            if (material.MaxSizeMb is { } size && (size <= 0 || size > MaterialDefinition.MaxSizeMbCeiling))
            {
                var ceiling = MaterialDefinition.MaxSizeMbCeiling.ToString(CultureInfo.InvariantCulture);
                problems.Add(new($"{at}.maxSizeMb", $"size limit {size.ToString(CultureInfo.InvariantCulture)} MB of material '{material.Id}' is not above 0 and at most {ceiling} MB",
                    new($"材料“{material.Name.Zh}”的大小上限须大于 0 且不超过 {ceiling} MB", $"The size limit of material “{material.Name.En}” must be above 0 and at most {ceiling} MB")));
            }
        }
    }
}
