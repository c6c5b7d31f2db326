using System.Runtime.InteropServices;

namespace RpaRunner.Bots.Desktop.Screen;

/// <summary>
/// The X display a desktop bot works on: whether it answers, and a picture of it. Each call opens its own
/// connection and closes it. Xlib's default error handlers end the process on a protocol or I/O error; both
/// are replaced once, so a display that disappears mid-capture is an exception here, not a dead worker.
/// </summary>
public static class X11Display
{
    private const string Lib = "libX11.so.6";
    private const int ZPixmap = 2;
    private static readonly Lock s_lock = new();
    private static readonly ErrorHandler s_errorHandler = OnError;
    private static readonly IOErrorExitHandler s_exitHandler = OnIOErrorExit;
    private static bool s_handlersSet;
    [ThreadStatic]
    private static bool t_failed;

    private delegate int ErrorHandler(IntPtr display, IntPtr errorEvent);

    private delegate int IOErrorHandler(IntPtr display);

    private delegate void IOErrorExitHandler(IntPtr display, IntPtr userData);

    private delegate void SetIOErrorExitHandler(IntPtr display, IntPtr handler, IntPtr userData);

    /// <summary>Null when the display accepts a connection; otherwise why not.</summary>
    public static string? Probe(string display)
    {
        lock (s_lock)
        {
            try
            {
                EnsureHandlers();
                var handle = XOpenDisplay(display);
                if (handle == IntPtr.Zero)
                {
                    return $"X display {display} is not reachable (no X server answers there, or it refuses this user)";
                }

                _ = XCloseDisplay(handle);
                return null;
            }
            catch (DllNotFoundException ex)
            {
                return $"libX11 is not installed: {ex.Message}";
            }
        }
    }

    /// <summary>The whole screen, or the part inside <paramref name="region"/> (screen coordinates), as PNG.</summary>
    public static byte[] CapturePng(string display, ElementBounds? region = null)
    {
        lock (s_lock)
        {
            EnsureHandlers();
            var handle = XOpenDisplay(display);
            if (handle == IntPtr.Zero)
            {
                throw new DesktopAutomationException($"X display {display} is not reachable: no screenshot");
            }

            try
            {
                AttachExitHandler(handle);
                t_failed = false;
                var screen = XDefaultScreen(handle);
                int width = XDisplayWidth(handle, screen), height = XDisplayHeight(handle, screen);
                int x = 0, y = 0, w = width, h = height;
                if (region is { Width: > 0, Height: > 0 } r)
                {
                    x = Math.Clamp(r.X, 0, width - 1);
                    y = Math.Clamp(r.Y, 0, height - 1);
                    w = Math.Clamp(r.X + r.Width, x + 1, width) - x;
                    h = Math.Clamp(r.Y + r.Height, y + 1, height) - y;
                }

                var image = XGetImage(handle, XDefaultRootWindow(handle), x, y, (uint)w, (uint)h, ulong.MaxValue, ZPixmap);
                if (image == IntPtr.Zero || t_failed)
                {
                    throw new DesktopAutomationException($"X display {display} refused the screenshot");
                }

                try
                {
                    return PngWriter.Encode(w, h, ToRgb(image, w, h));
                }
                finally
                {
                    _ = XDestroyImage(image);
                }
            }
            finally
            {
                // After an I/O error the connection is dead; closing it would only raise another.
                if (!t_failed)
                {
                    _ = XCloseDisplay(handle);
                }
            }
        }
    }

    /// <summary>Reads an XImage (ZPixmap, 24 or 32 bits per pixel, true colour) into RGB rows.</summary>
    private static byte[] ToRgb(IntPtr image, int width, int height)
    {
        // struct XImage on LP64: width 0, height 4, xoffset 8, format 12, data 16, byte_order 24, bitmap_unit 28,
        // bitmap_bit_order 32, bitmap_pad 36, depth 40, bytes_per_line 44, bits_per_pixel 48, red_mask 56, green_mask 64, blue_mask 72.
        var data = Marshal.ReadIntPtr(image, 16);
        var bytesPerLine = Marshal.ReadInt32(image, 44);
        var bitsPerPixel = Marshal.ReadInt32(image, 48);
        var masks = (Red: (ulong)Marshal.ReadInt64(image, 56), Green: (ulong)Marshal.ReadInt64(image, 64), Blue: (ulong)Marshal.ReadInt64(image, 72));
        if (bitsPerPixel is not (24 or 32))
        {
            throw new DesktopAutomationException($"screenshots of a {bitsPerPixel}-bit display are not supported; start Xvfb with -screen 0 WxHx24");
        }

        var row = new byte[bytesPerLine];
        var rgb = new byte[width * height * 3];
        var step = bitsPerPixel / 8;
        for (var yy = 0; yy < height; yy++)
        {
            Marshal.Copy(data + (yy * bytesPerLine), row, 0, bytesPerLine);
            for (var xx = 0; xx < width; xx++)
            {
                var o = xx * step;
                var pixel = step == 4 ? BitConverter.ToUInt32(row, o) : (uint)(row[o] | (row[o + 1] << 8) | (row[o + 2] << 16));
                var target = ((yy * width) + xx) * 3;
                rgb[target] = Channel(pixel, masks.Red);
                rgb[target + 1] = Channel(pixel, masks.Green);
                rgb[target + 2] = Channel(pixel, masks.Blue);
            }
        }

        return rgb;
    }

    private static byte Channel(uint pixel, ulong mask)
    {
        if (mask == 0)
        {
            return 0;
        }

        var shift = System.Numerics.BitOperations.TrailingZeroCount(mask);
        var max = mask >> shift;
        var value = (pixel & mask) >> shift;
        return (byte)(max == 255 ? value : value * 255 / max);
    }

    private static void EnsureHandlers()
    {
        if (s_handlersSet)
        {
            return;
        }

        XSetErrorHandler(Marshal.GetFunctionPointerForDelegate(s_errorHandler));
        s_handlersSet = true;
    }

    /// <summary>libX11 1.7+ lets the I/O error path return instead of calling exit(); older ones do not have it.</summary>
    private static void AttachExitHandler(IntPtr display)
    {
        if (NativeLibrary.TryLoad(Lib, out var library) && NativeLibrary.TryGetExport(library, "XSetIOErrorExitHandler", out var export))
        {
            Marshal.GetDelegateForFunctionPointer<SetIOErrorExitHandler>(export)(display, Marshal.GetFunctionPointerForDelegate(s_exitHandler), IntPtr.Zero);
        }
    }

    private static int OnError(IntPtr display, IntPtr errorEvent)
    {
        t_failed = true;
        return 0;
    }

    private static void OnIOErrorExit(IntPtr display, IntPtr userData) => t_failed = true;

    [DllImport(Lib, EntryPoint = "XOpenDisplay")]
    private static extern IntPtr XOpenDisplayNative(IntPtr name);

    private static IntPtr XOpenDisplay(string name)
    {
        var native = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            return XOpenDisplayNative(native);
        }
        finally
        {
            Marshal.FreeCoTaskMem(native);
        }
    }

    [DllImport(Lib)]
    private static extern int XCloseDisplay(IntPtr display);

    [DllImport(Lib)]
    private static extern int XDefaultScreen(IntPtr display);

    [DllImport(Lib)]
    private static extern ulong XDefaultRootWindow(IntPtr display);

    [DllImport(Lib)]
    private static extern int XDisplayWidth(IntPtr display, int screen);

    [DllImport(Lib)]
    private static extern int XDisplayHeight(IntPtr display, int screen);

    [DllImport(Lib)]
    private static extern IntPtr XGetImage(IntPtr display, ulong drawable, int x, int y, uint width, uint height, ulong planeMask, int format);

    [DllImport(Lib)]
    private static extern int XDestroyImage(IntPtr image);

    [DllImport(Lib)]
    private static extern IntPtr XSetErrorHandler(IntPtr handler);
}
