using RpaRunner.Sandbox.Systems.Gongan;
using RpaRunner.Sandbox.Systems.Gongjijin;
using RpaRunner.Sandbox.Systems.Jiaojing;
using RpaRunner.Sandbox.Systems.Minzheng;
using RpaRunner.Sandbox.Systems.Rencai;
using RpaRunner.Sandbox.Systems.Renshe;
using RpaRunner.Sandbox.Systems.Shichang;
using RpaRunner.Sandbox.Systems.Shuiwu;
using RpaRunner.Sandbox.Systems.Weijian;
using RpaRunner.Sandbox.Systems.Yibao;

namespace RpaRunner.Sandbox.Systems;

/// <summary>All sandbox department systems, in the order of Workflows/Systems/systems.json.</summary>
internal static class SystemCatalog
{
    public static IReadOnlyList<SystemDefinition> All { get; } =
    [
        WeijianSystem.Create(),
        GonganSystem.Create(),
        YibaoSystem.Create(),
        ShuiwuSystem.Create(),
        RensheSystem.Create(),
        GongjijinSystem.CreateWeb(),
        GongjijinSystem.CreateCounter(),
        GongjijinSystem.CreateContact(),
        ShichangSystem.Create(),
        RencaiSystem.Create(),
        MinzhengSystem.Create(),
        JiaojingSystem.Create(),
    ];

    public static SystemDefinition Get(string id) => All.First(s => s.Id == id);
}
