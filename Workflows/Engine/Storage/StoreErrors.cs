using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>Tells a passing store error (a busy database, a serialisation conflict) from a real one.</summary>
public static class StoreErrors
{
    public static bool IsTransient(DbUpdateException exception) => IsTransient(exception.InnerException);

    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        DbException db when db.IsTransient => true,
        // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6) when another writer holds the database.
        DbException db when db.GetType().Name == "SqliteException" && db.ErrorCode is 5 or 6 => true,
        // PostgreSQL: serialization_failure, deadlock_detected, and unique_violation: two transactions inserted the
        // same row (a bundle version pinned by concurrent submissions, a resubmitted request id); the retry reads it.
        DbException db when db.SqlState is "40001" or "40P01" or "23505" => true,
        _ => IsTransient(exception.InnerException),
    };
}
