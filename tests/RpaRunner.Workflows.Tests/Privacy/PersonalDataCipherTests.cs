using System.Security.Cryptography;
using System.Text;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Tests.Privacy;

public sealed class PersonalDataCipherTests
{
    private const string Form = """{"child":{"name":"王小明","idNumber":"110105202603100015"}}""";

    [Fact]
    public void ASealedValue_HidesThePlaintext_AndOpensToIt()
    {
        var cipher = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        var sealedValue = cipher.Protect(Form, "cases.form_json");
        Assert.StartsWith($"rpa1:{cipher.CurrentKeyId}:", sealedValue, StringComparison.Ordinal);
        Assert.DoesNotContain("110105", sealedValue, StringComparison.Ordinal);
        Assert.DoesNotContain("王小明", sealedValue, StringComparison.Ordinal);
        Assert.Equal(Form, cipher.Unprotect(sealedValue, "cases.form_json"));

        // A fresh nonce each time: equal forms do not give equal ciphertexts.
        Assert.NotEqual(sealedValue, cipher.Protect(Form, "cases.form_json"));
    }

    [Fact]
    public void AChangedValue_OrOneCopiedToAnotherColumn_DoesNotOpen()
    {
        var cipher = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        var sealedValue = cipher.Protect(Form, "cases.form_json");
        Assert.ThrowsAny<CryptographicException>(() => cipher.Unprotect(sealedValue, "steps.outputs_json"));

        var prefix = sealedValue[..(sealedValue.LastIndexOf(':') + 1)];
        var bytes = Convert.FromBase64String(sealedValue[prefix.Length..]);
        bytes[20] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Unprotect(prefix + Convert.ToBase64String(bytes), "cases.form_json"));
    }

    [Fact]
    public void AfterRotation_NewValuesUseTheNewKey_AndOldValuesStillOpen()
    {
        var oldKey = PersonalDataCipher.NewKey();
        var before = new PersonalDataCipher([oldKey]);
        var sealedBefore = before.Protect(Form, "p");

        var rotated = new PersonalDataCipher([oldKey, PersonalDataCipher.NewKey()]);
        Assert.NotEqual(before.CurrentKeyId, rotated.CurrentKeyId);
        Assert.Equal(Form, rotated.Unprotect(sealedBefore, "p"));
        Assert.Contains(rotated.CurrentKeyId, rotated.Protect(Form, "p"), StringComparison.Ordinal);

        // Without the old key, the error names the missing key rather than failing obscurely.
        var withoutOld = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        var error = Assert.ThrowsAny<CryptographicException>(() => withoutOld.Unprotect(sealedBefore, "p"));
        Assert.Contains(before.CurrentKeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueWrittenBeforeEncryption_IsReadAsItIs()
    {
        var cipher = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        Assert.Equal(Form, cipher.Unprotect(Form, "cases.form_json"));
    }

    [Fact]
    public void FileBytes_AreSealedAndOpened_AndPlainFilesPassThrough()
    {
        var cipher = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var sealedBytes = cipher.ProtectBytes(png, "evidence");
        Assert.True(PersonalDataCipher.IsProtected(sealedBytes));
        Assert.False(sealedBytes.AsSpan().IndexOf(png.AsSpan(0, 8)) >= 0);
        Assert.Equal(png, cipher.UnprotectBytes(sealedBytes, "evidence"));
        Assert.Equal(png, cipher.UnprotectBytes(png, "evidence"));
        Assert.ThrowsAny<CryptographicException>(() => cipher.UnprotectBytes(sealedBytes, "other"));
    }

    [Fact]
    public void KeysOfTheWrongLength_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PersonalDataCipher([Encoding.UTF8.GetBytes("too short")]));
        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }
}
