using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>
/// The back end of the counter client's 联系方式变更登记 dialog (gongjijin-contact): every POST is a record of its own,
/// with no duplicate check and nothing to search by; the inspection API counts the records by ID number.
/// </summary>
public class ContactStoreApiTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private SeedPerson Person(int index) => f.Host.Population.WithRole("father").ElementAt(index);

    private static Dictionary<string, string> Details(SeedPerson p) => new() { ["idNumber"] = p.IdNumber, ["name"] = p.Name, ["phone"] = p.Phone };

    private HttpClient Contact(string user = "rpa_counter", string password = "Gjjc@rpa2025")
    {
        var http = new HttpClient { BaseAddress = f.Host["gongjijin-contact"].BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private async Task<int> CountAsync(string idNumber)
    {
        using var inspection = f.Inspection();
        var answer = await inspection.GetFromJsonAsync<JsonElement>($"systems/gongjijin-contact/records/count?subjectId={idNumber}");
        return answer.GetProperty("count").GetInt32();
    }

    [Fact]
    public async Task EveryPost_IsANewRecord_CountedByIdNumber_AndThereIsNothingToSearch()
    {
        var person = Person(0);
        using var contact = Contact();

        using var first = await contact.PostAsJsonAsync("api/contacts", Details(person));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stored = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("GL", stored.GetProperty("receiptNo").GetString(), StringComparison.Ordinal);
        Assert.Equal(person.Phone, stored.GetProperty("phone").GetString());

        using var again = await contact.PostAsJsonAsync("api/contacts", Details(person));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(stored.GetProperty("receiptNo").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptNo").GetString());
        Assert.Equal(2, await CountAsync(person.IdNumber));

        using var inspection = f.Inspection();
        var records = (await inspection.GetFromJsonAsync<JsonElement>($"systems/gongjijin-contact/records?subjectId={person.IdNumber}")).EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("desktop", r.GetProperty("channel").GetString()));
        Assert.All(records, r => Assert.Equal(person.Phone, r.GetProperty("inputs").GetProperty("phone").GetString()));

        using var search = await contact.GetAsync($"api/contacts?idNumber={person.IdNumber}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, search.StatusCode);
        using var ping = await contact.GetFromJsonAsync<JsonDocument>("api/ping");
        Assert.Equal("gongjijin-contact.registerContact", ping!.RootElement.GetProperty("action").GetString());
    }

    [Fact]
    public async Task BadInput_Is400WithTheFields_ARefusal422_WrongCredentials401_AndNothingIsStored()
    {
        var person = Person(1);
        using var contact = Contact();

        using var missing = await contact.PostAsJsonAsync("api/contacts", new Dictionary<string, string> { ["idNumber"] = person.IdNumber, ["name"] = "", ["phone"] = "12345" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("请填写姓名", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("联系电话应为11位手机号码", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["name", "phone"], problem.GetProperty("fields").EnumerateArray().Select(e => e.GetString()).Order());

        using var notJson = await contact.PostAsync("api/contacts", new StringContent("{idNumber:", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("请求格式错误", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongName = Details(person);
        wrongName["name"] += "某";
        using var refused = await contact.PostAsJsonAsync("api/contacts", wrongName);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("姓名与公民身份号码不一致", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var stranger = Contact("rpa_counter", "wrong");
        using var unauthorized = await stranger.PostAsJsonAsync("api/contacts", Details(person));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        Assert.Equal(0, await CountAsync(person.IdNumber));
    }

    [Fact]
    public async Task Quirks_ServerErrorsStoreNothing_ALostReplyHasStoredTheRecord()
    {
        var person = Person(2);
        using var contact = Contact();
        try
        {
            f.Host.SetQuirks("gongjijin-contact", q => q.ErrorRate = 1);
            using var busy = await contact.PostAsJsonAsync("api/contacts", Details(person));
            Assert.Equal(HttpStatusCode.InternalServerError, busy.StatusCode);
            Assert.Equal(0, await CountAsync(person.IdNumber));

            f.Host.SetQuirks("gongjijin-contact", q => (q.ErrorRate, q.ErrorAfterCommitRate) = (0, 1));
            using var lost = await contact.PostAsJsonAsync("api/contacts", Details(person));
            Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
            Assert.Equal(1, await CountAsync(person.IdNumber));
        }
        finally
        {
            f.Host.SetQuirks("gongjijin-contact", q => (q.ErrorRate, q.ErrorAfterCommitRate) = (0, 0));
        }
    }
}
