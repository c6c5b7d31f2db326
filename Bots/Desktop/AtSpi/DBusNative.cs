using System.Runtime.InteropServices;

namespace RpaRunner.Bots.Desktop.AtSpi;

/// <summary>
/// The few libdbus-1 calls the AT-SPI binding needs. Every pointer that comes back is owned by the caller
/// of <see cref="DBusConnection"/> and released there (messages unref'd, errors freed, connections closed).
/// </summary>
internal static class DBusNative
{
    private const string Lib = "libdbus-1.so.3";

    public const int TypeInvalid = 0;
    public const int TypeByte = 'y';
    public const int TypeBoolean = 'b';
    public const int TypeInt16 = 'n';
    public const int TypeUInt16 = 'q';
    public const int TypeInt32 = 'i';
    public const int TypeUInt32 = 'u';
    public const int TypeInt64 = 'x';
    public const int TypeUInt64 = 't';
    public const int TypeDouble = 'd';
    public const int TypeString = 's';
    public const int TypeObjectPath = 'o';
    public const int TypeSignature = 'g';
    public const int TypeUnixFd = 'h';
    public const int TypeArray = 'a';
    public const int TypeVariant = 'v';
    public const int TypeStruct = 'r';
    public const int TypeDictEntry = 'e';

    /// <summary>DBusError: name, message, five bit fields, padding.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Error
    {
        public IntPtr Name;
        public IntPtr Message;
        public uint Dummy;
        public IntPtr Padding;
    }

    /// <summary>DBusMessageIter is opaque and 72 bytes on 64-bit Linux; 128 leaves room.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    public struct MessageIter
    {
        private readonly long _opaque;
    }

    [DllImport(Lib)]
    public static extern void dbus_error_init(ref Error error);

    [DllImport(Lib)]
    public static extern void dbus_error_free(ref Error error);

    [DllImport(Lib)]
    public static extern uint dbus_error_is_set(ref Error error);

    [DllImport(Lib)]
    public static extern IntPtr dbus_connection_open_private(IntPtr address, ref Error error);

    [DllImport(Lib)]
    public static extern uint dbus_bus_register(IntPtr connection, ref Error error);

    [DllImport(Lib)]
    public static extern void dbus_connection_set_exit_on_disconnect(IntPtr connection, uint exitOnDisconnect);

    [DllImport(Lib)]
    public static extern uint dbus_connection_get_is_connected(IntPtr connection);

    [DllImport(Lib)]
    public static extern void dbus_connection_close(IntPtr connection);

    [DllImport(Lib)]
    public static extern void dbus_connection_unref(IntPtr connection);

    [DllImport(Lib)]
    public static extern IntPtr dbus_connection_pop_message(IntPtr connection);

    [DllImport(Lib)]
    public static extern IntPtr dbus_connection_send_with_reply_and_block(IntPtr connection, IntPtr message, int timeoutMilliseconds, ref Error error);

    [DllImport(Lib)]
    public static extern IntPtr dbus_message_new_method_call(IntPtr destination, IntPtr path, IntPtr iface, IntPtr method);

    [DllImport(Lib)]
    public static extern void dbus_message_unref(IntPtr message);

    [DllImport(Lib)]
    public static extern void dbus_message_iter_init_append(IntPtr message, ref MessageIter iter);

    [DllImport(Lib, EntryPoint = "dbus_message_iter_append_basic")]
    public static extern uint dbus_message_iter_append_pointer(ref MessageIter iter, int type, ref IntPtr value);

    [DllImport(Lib, EntryPoint = "dbus_message_iter_append_basic")]
    public static extern uint dbus_message_iter_append_int32(ref MessageIter iter, int type, ref int value);

    [DllImport(Lib, EntryPoint = "dbus_message_iter_append_basic")]
    public static extern uint dbus_message_iter_append_uint32(ref MessageIter iter, int type, ref uint value);

    [DllImport(Lib)]
    public static extern uint dbus_message_iter_init(IntPtr message, ref MessageIter iter);

    [DllImport(Lib)]
    public static extern int dbus_message_iter_get_arg_type(ref MessageIter iter);

    [DllImport(Lib)]
    public static extern void dbus_message_iter_recurse(ref MessageIter iter, ref MessageIter sub);

    [DllImport(Lib)]
    public static extern uint dbus_message_iter_next(ref MessageIter iter);

    [DllImport(Lib)]
    public static extern void dbus_message_iter_get_basic(ref MessageIter iter, ref ulong value);

    /// <summary>A UTF-8 copy of a string in native memory for the length of a call.</summary>
    public readonly struct Utf8 : IDisposable
    {
        public Utf8(string? value) => Pointer = value is null ? IntPtr.Zero : Marshal.StringToCoTaskMemUTF8(value);

        public IntPtr Pointer { get; }

        public void Dispose() => Marshal.FreeCoTaskMem(Pointer);
    }
}
