using Microsoft.Extensions.Logging;

namespace RpaRunner.Designer.Design;

/// <summary>
/// The bundle versions published from the designer, in the catalog from the start and followed while the runner runs.
/// (The engine itself never needs this: it reads a case's pinned definition from the database when its catalog lacks it.)
/// </summary>
internal sealed class PublishedBundleLoader(BundleDrafts drafts, TimeProvider time, ILogger<PublishedBundleLoader> logger) : PublishedVersionsLoader(time, logger)
{
    protected override string What => "bundle version(s)";

    protected override Task<int> LoadAsync(CancellationToken cancellationToken) => drafts.LoadPublishedAsync(cancellationToken);
}
