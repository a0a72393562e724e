using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// One loaded PKCS#11 library per process and path, shared by every provider that uses it. A library
/// is initialized once per process (<c>C_Initialize</c>) and <c>C_Finalize</c> ends every session of
/// the process, so the library is finalized only when the last provider using it is disposed.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadedLock = new();

    private static bool s_resolverChecked;

    private readonly string _key;
    private int _references;

    private Pkcs11Module(string key, Pkcs11InteropFactories factories, IPkcs11Library library)
    {
        _key = key;
        Factories = factories;
        Library = library;
    }

    public Pkcs11InteropFactories Factories { get; }

    public IPkcs11Library Library { get; }

    public static Pkcs11Module Acquire(string libraryPath)
    {
        var key = Path.GetFullPath(libraryPath);
        lock (LoadedLock)
        {
            EnsureDynamicLoaderResolves();
            if (!Loaded.TryGetValue(key, out var module))
            {
                var factories = new Pkcs11InteropFactories();
                IPkcs11Library library;
                try
                {
                    library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, key, AppType.MultiThreaded);
                }
                catch (Pkcs11Exception ex)
                {
                    throw Errors.LibraryUnavailable(libraryPath, ex.RV.ToString(), ex);
                }
                catch (UnmanagedException ex)
                {
                    throw Errors.LibraryUnavailable(libraryPath, "the shared library could not be loaded", ex);
                }

                module = new Pkcs11Module(key, factories, library);
                Loaded.Add(key, module);
            }

            module._references++;
            return module;
        }
    }

    /// <summary>
    /// Pkcs11Interop imports <c>dlopen</c> from a library named <c>libdl</c>, which glibc systems provide
    /// only as <c>libdl.so.2</c> unless development packages are installed; map the name so the provider
    /// works on a plain runtime image. A resolver the host registered for Pkcs11Interop first is kept.
    /// </summary>
    private static void EnsureDynamicLoaderResolves()
    {
        if (s_resolverChecked)
        {
            return;
        }

        s_resolverChecked = true;
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveDynamicLoader);
        }
        catch (InvalidOperationException)
        {
            // The host already set a resolver for Pkcs11Interop; it knows its platform best.
        }
    }

    private static IntPtr ResolveDynamicLoader(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != "libdl")
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in (ReadOnlySpan<string>)["libdl.so.2", "libc.so.6", "libdl.so"])
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    public void Release()
    {
        lock (LoadedLock)
        {
            if (--_references == 0)
            {
                Loaded.Remove(_key);
                Library.Dispose();
            }
        }
    }
}
