using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// Turns on encryption at rest for the engine's columns that hold personal data (see
/// <see cref="EngineDbContext"/>): the columns are sealed by <see cref="PersonalDataCipher"/> on write and
/// opened on read, so nothing else in the engine changes.
/// </summary>
public static class PersonalDataEncryption
{
    public static DbContextOptionsBuilder UsePersonalDataCipher(this DbContextOptionsBuilder builder, PersonalDataCipher cipher)
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new CipherExtension(cipher));

        // The model holds the cipher in its value converters, so each cipher gets its own cached model.
        builder.ReplaceService<IModelCacheKeyFactory, CipherModelCacheKeyFactory>();
        return builder;
    }

    internal static PersonalDataCipher? CipherOf(IDbContextOptions options) => options.FindExtension<CipherExtension>()?.Cipher;

    private sealed class CipherExtension(PersonalDataCipher cipher) : IDbContextOptionsExtension
    {
        public PersonalDataCipher Cipher { get; } = cipher;

        public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => "PersonalDataCipher ";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["PersonalDataCipher"] = "1";
        }
    }

    private sealed class CipherModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), CipherOf(context.GetService<IDbContextOptions>()), designTime);
    }
}
