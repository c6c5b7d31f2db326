using System.Runtime.InteropServices;
using static RpaRunner.Bots.Desktop.AtSpi.DBusNative;

namespace RpaRunner.Bots.Desktop.AtSpi;

/// <summary>An object path argument (D-Bus type 'o'), as opposed to a plain string.</summary>
internal readonly record struct ObjectPath(string Value);

/// <summary>A D-Bus call failed: <see cref="Name"/> is the D-Bus error name (e.g. org.freedesktop.DBus.Error.NoReply).</summary>
public sealed class DBusCallException(string name, string message) : Exception($"{name}: {message}")
{
    public string Name { get; } = name;

    /// <summary>The peer did not answer in time: the application is busy or hung.</summary>
    public bool IsTimeout => Name is "org.freedesktop.DBus.Error.NoReply" or "org.freedesktop.DBus.Error.Timeout" or "org.freedesktop.DBus.Error.TimedOut";

    /// <summary>The bus or the peer is gone.</summary>
    public bool IsGone => Name is "org.freedesktop.DBus.Error.Disconnected" or "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner"
        or "org.freedesktop.DBus.Error.UnknownObject" or "org.freedesktop.DBus.Error.NoServer";
}

/// <summary>
/// One private libdbus connection with blocking method calls. Calls are serialised (libdbus connections may
/// be shared between threads, but one caller at a time keeps the replies and errors simple); every native
/// message and error is released before the call returns, and replies are decoded into managed values:
/// string, int, uint, bool, double, long, ulong, byte, short, ushort, object?[] (struct), List&lt;object?&gt; (array),
/// Dictionary&lt;object, object?&gt; (dictionary); variants are unwrapped.
/// </summary>
internal sealed class DBusConnection : IDisposable
{
    private readonly Lock _lock = new();
    private IntPtr _handle;

    private DBusConnection(IntPtr handle, string address)
    {
        _handle = handle;
        Address = address;
    }

    public string Address { get; }

    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _handle != IntPtr.Zero && dbus_connection_get_is_connected(_handle) != 0;
            }
        }
    }

    /// <summary>Connects to a message bus (and says Hello) at a D-Bus address such as unix:path=/run/…/bus.</summary>
    public static DBusConnection Open(string address)
    {
        var error = NewError();
        IntPtr handle;
        using (var nativeAddress = new Utf8(address))
        {
            handle = dbus_connection_open_private(nativeAddress.Pointer, ref error);
        }

        try
        {
            ThrowIfSet(ref error, $"connect to {address}");
            if (handle == IntPtr.Zero)
            {
                throw new DBusCallException("org.freedesktop.DBus.Error.NoServer", $"cannot connect to {address}");
            }

            dbus_connection_set_exit_on_disconnect(handle, 0);
            if (dbus_bus_register(handle, ref error) == 0)
            {
                ThrowIfSet(ref error, $"register on {address}");
                throw new DBusCallException("org.freedesktop.DBus.Error.Failed", $"cannot register on {address}");
            }
        }
        catch
        {
            if (handle != IntPtr.Zero)
            {
                dbus_connection_close(handle);
                dbus_connection_unref(handle);
            }

            throw;
        }

        return new DBusConnection(handle, address);
    }

    /// <summary>Calls a method and returns the reply's arguments. Arguments: string, <see cref="ObjectPath"/>, int, uint, bool.</summary>
    public object?[] Call(string? destination, string path, string iface, string method, TimeSpan timeout, params object[] args)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            IntPtr message;
            using (Utf8 d = new(destination), p = new(path), i = new(iface), m = new(method))
            {
                message = dbus_message_new_method_call(d.Pointer, p.Pointer, i.Pointer, m.Pointer);
            }

            if (message == IntPtr.Zero)
            {
                throw new DBusCallException("org.freedesktop.DBus.Error.NoMemory", "dbus_message_new_method_call failed");
            }

            IntPtr reply;
            try
            {
                Append(message, args);
                var error = NewError();
                reply = dbus_connection_send_with_reply_and_block(_handle, message, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue), ref error);
                ThrowIfSet(ref error, $"{iface}.{method} on {destination}{path}");
            }
            finally
            {
                dbus_message_unref(message);
                DrainIncoming();
            }

            try
            {
                return Decode(reply);
            }
            finally
            {
                dbus_message_unref(reply);
            }
        }
    }

    /// <summary>Reads one property through org.freedesktop.DBus.Properties.Get.</summary>
    public object? GetProperty(string destination, string path, string iface, string property, TimeSpan timeout) =>
        Call(destination, path, "org.freedesktop.DBus.Properties", "Get", timeout, iface, property) is [var value, ..] ? value : null;

    public void Dispose()
    {
        lock (_lock)
        {
            if (_handle != IntPtr.Zero)
            {
                dbus_connection_close(_handle);
                dbus_connection_unref(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private static Error NewError()
    {
        var error = default(Error);
        dbus_error_init(ref error);
        return error;
    }

    private static void ThrowIfSet(ref Error error, string what)
    {
        if (dbus_error_is_set(ref error) == 0)
        {
            return;
        }

        var name = Marshal.PtrToStringUTF8(error.Name) ?? "org.freedesktop.DBus.Error.Failed";
        var text = Marshal.PtrToStringUTF8(error.Message) ?? string.Empty;
        dbus_error_free(ref error);
        throw new DBusCallException(name, $"{text} ({what})");
    }

    /// <summary>Signals nobody asked for (no match rules are added, so only a few unicast ones) are dropped.</summary>
    private void DrainIncoming()
    {
        IntPtr pending;
        while ((pending = dbus_connection_pop_message(_handle)) != IntPtr.Zero)
        {
            dbus_message_unref(pending);
        }
    }

    private static void Append(IntPtr message, object[] args)
    {
        var iter = default(MessageIter);
        dbus_message_iter_init_append(message, ref iter);
        foreach (var arg in args)
        {
            var ok = arg switch
            {
                string s => AppendString(ref iter, TypeString, s),
                ObjectPath p => AppendString(ref iter, TypeObjectPath, p.Value),
                int i => AppendInt32(ref iter, i),
                uint u => AppendUInt32(ref iter, TypeUInt32, u),
                bool b => AppendUInt32(ref iter, TypeBoolean, b ? 1u : 0u),
                _ => throw new ArgumentException($"D-Bus argument of type {arg.GetType().Name} is not supported", nameof(args)),
            };
            if (!ok)
            {
                throw new DBusCallException("org.freedesktop.DBus.Error.NoMemory", "dbus_message_iter_append_basic failed");
            }
        }
    }

    private static bool AppendString(ref MessageIter iter, int type, string value)
    {
        var native = Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            // libdbus copies the string into the message.
            return dbus_message_iter_append_pointer(ref iter, type, ref native) != 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(native);
        }
    }

    private static bool AppendInt32(ref MessageIter iter, int value) => dbus_message_iter_append_int32(ref iter, TypeInt32, ref value) != 0;

    private static bool AppendUInt32(ref MessageIter iter, int type, uint value) => dbus_message_iter_append_uint32(ref iter, type, ref value) != 0;

    private static object?[] Decode(IntPtr reply)
    {
        var values = new List<object?>();
        var iter = default(MessageIter);
        if (dbus_message_iter_init(reply, ref iter) == 0)
        {
            return [];
        }

        do
        {
            values.Add(ReadValue(ref iter));
        }
        while (dbus_message_iter_next(ref iter) != 0);
        return [.. values];
    }

    private static object? ReadValue(ref MessageIter iter)
    {
        var type = dbus_message_iter_get_arg_type(ref iter);
        switch (type)
        {
            case TypeInvalid:
                return null;
            case TypeArray:
            {
                var sub = default(MessageIter);
                dbus_message_iter_recurse(ref iter, ref sub);
                if (dbus_message_iter_get_arg_type(ref sub) == TypeDictEntry)
                {
                    var dictionary = new Dictionary<object, object?>();
                    do
                    {
                        var entry = default(MessageIter);
                        dbus_message_iter_recurse(ref sub, ref entry);
                        var key = ReadValue(ref entry);
                        if (dbus_message_iter_next(ref entry) != 0 && key is not null)
                        {
                            dictionary[key] = ReadValue(ref entry);
                        }
                    }
                    while (dbus_message_iter_next(ref sub) != 0);
                    return dictionary;
                }

                var list = new List<object?>();
                if (dbus_message_iter_get_arg_type(ref sub) == TypeInvalid)
                {
                    return list;
                }

                do
                {
                    list.Add(ReadValue(ref sub));
                }
                while (dbus_message_iter_next(ref sub) != 0);
                return list;
            }

            case TypeStruct:
            {
                var sub = default(MessageIter);
                dbus_message_iter_recurse(ref iter, ref sub);
                var fields = new List<object?>();
                if (dbus_message_iter_get_arg_type(ref sub) != TypeInvalid)
                {
                    do
                    {
                        fields.Add(ReadValue(ref sub));
                    }
                    while (dbus_message_iter_next(ref sub) != 0);
                }

                return fields.ToArray();
            }

            case TypeVariant:
            {
                var sub = default(MessageIter);
                dbus_message_iter_recurse(ref iter, ref sub);
                return ReadValue(ref sub);
            }

            case TypeUnixFd:
                return null;
            default:
                // Only the value's own width is written into the 8-byte union: start from zero.
                var raw = 0UL;
                dbus_message_iter_get_basic(ref iter, ref raw);
                return type switch
                {
                    TypeString or TypeObjectPath or TypeSignature => Marshal.PtrToStringUTF8(checked((IntPtr)(long)raw)) ?? string.Empty,
                    TypeBoolean => (uint)raw != 0,
                    TypeByte => (byte)raw,
                    TypeInt16 => (short)(ushort)raw,
                    TypeUInt16 => (ushort)raw,
                    TypeInt32 => (int)(uint)raw,
                    TypeUInt32 => (uint)raw,
                    TypeInt64 => (long)raw,
                    TypeUInt64 => raw,
                    TypeDouble => BitConverter.Int64BitsToDouble((long)raw),
                    _ => null,
                };
        }
    }
}
