using System.Text.Json.Nodes;

namespace OcsfSchema.Tests;

/// <summary>
/// A small OCSF-shaped repository written by the tests in a temporary folder: just enough definitions to exercise every
/// compilation rule (includes and profiles, extends, the dictionary, enums, the datetime profile, uids, constraints).
/// </summary>
internal sealed class MiniRepository : IDisposable
{
    public MiniRepository()
    {
        Root = Directory.CreateTempSubdirectory("ocsf-mini-").FullName;
        Write("version.json", new JsonObject { ["version"] = "9.9.0" });
        Write("categories.json", new JsonObject
        {
            ["attributes"] = new JsonObject { ["findings"] = new JsonObject { ["uid"] = 2, ["caption"] = "Findings" } },
        });
        Write("dictionary.json", new JsonObject
        {
            ["types"] = new JsonObject
            {
                ["attributes"] = new JsonObject
                {
                    ["string_t"] = new JsonObject(),
                    ["integer_t"] = new JsonObject(),
                    ["long_t"] = new JsonObject(),
                    ["timestamp_t"] = new JsonObject { ["type"] = "long_t" },
                    ["datetime_t"] = new JsonObject { ["type"] = "string_t" },
                    ["port_t"] = new JsonObject { ["type"] = "integer_t", ["range"] = new JsonArray(0, 65535) },
                    ["name_t"] = new JsonObject { ["type"] = "string_t", ["max_len"] = 8 },
                },
            },
            ["attributes"] = new JsonObject
            {
                ["activity_id"] = Attr("integer_t", new JsonObject { ["0"] = Caption("Unknown"), ["99"] = Caption("Other") }),
                ["category_uid"] = Attr("integer_t"),
                ["class_uid"] = Attr("integer_t"),
                ["type_uid"] = Attr("long_t"),
                ["time"] = Attr("timestamp_t"),
                ["status_id"] = Attr("integer_t", new JsonObject { ["0"] = Caption("Unknown"), ["1"] = Caption("Success"), ["99"] = Caption("Other") }),
                ["cloud"] = Attr("cloud"),
                ["provider"] = Attr("string_t"),
                ["port"] = Attr("port_t"),
                ["name"] = Attr("name_t"),
                ["uid"] = Attr("string_t"),
                ["tags"] = Attr("string_t", isArray: true),
                ["confidence"] = Attr("integer_t"),
                ["unmapped"] = Attr("object"),
                ["widget"] = Attr("widget"),
            },
        });
        Write("profiles/cloud.json", new JsonObject
        {
            ["meta"] = "profile", ["name"] = "cloud",
            ["attributes"] = new JsonObject { ["cloud"] = Req("required") },
        });
        Write("profiles/datetime.json", new JsonObject { ["meta"] = "profile", ["name"] = "datetime", ["attributes"] = new JsonObject() });
        Write("profiles/scoring.json", new JsonObject
        {
            ["meta"] = "profile", ["name"] = "scoring",
            ["attributes"] = new JsonObject { ["confidence"] = Req("required") },
        });
        Write("objects/object.json", new JsonObject { ["name"] = "object", ["attributes"] = new JsonObject() });
        Write("objects/_entity.json", new JsonObject
        {
            ["name"] = "_entity", ["extends"] = "object",
            ["attributes"] = new JsonObject { ["name"] = Req("recommended"), ["uid"] = Req("recommended") },
            ["constraints"] = new JsonObject { ["at_least_one"] = new JsonArray("name", "uid") },
        });
        Write("objects/cloud.json", new JsonObject
        {
            ["name"] = "cloud", ["extends"] = "object",
            ["attributes"] = new JsonObject { ["provider"] = Req("required"), ["port"] = Req("optional") },
        });
        Write("objects/widget.json", new JsonObject
        {
            ["name"] = "widget", ["extends"] = "_entity",
            ["attributes"] = new JsonObject { ["tags"] = Req("optional") },
        });
        Write("events/base_event.json", new JsonObject
        {
            ["name"] = "base_event", ["caption"] = "Base Event", ["category"] = "other",
            ["attributes"] = new JsonObject
            {
                ["$include"] = new JsonArray("profiles/cloud.json", "profiles/scoring.json"),
                ["activity_id"] = Req("required"),
                ["category_uid"] = Req("required"),
                ["class_uid"] = Req("required"),
                ["type_uid"] = Req("required"),
                ["time"] = Req("required"),
                ["status_id"] = Req("recommended"),
                ["unmapped"] = Req("optional"),
            },
        });
        Write("events/findings/finding.json", new JsonObject
        {
            ["name"] = "finding", ["caption"] = "Finding", ["extends"] = "base_event", ["category"] = "findings",
            ["attributes"] = new JsonObject
            {
                ["activity_id"] = new JsonObject { ["enum"] = new JsonObject { ["1"] = Caption("Create"), ["2"] = Caption("Update") } },
                ["status_id"] = new JsonObject { ["enum"] = new JsonObject { ["1"] = Caption("New") } },
            },
        });
        Write("events/findings/gadget_finding.json", new JsonObject
        {
            ["name"] = "gadget_finding", ["caption"] = "Gadget Finding", ["uid"] = 7, ["extends"] = "finding",
            ["attributes"] = new JsonObject
            {
                ["widget"] = Req("required"),
                ["confidence"] = new JsonObject { ["requirement"] = "optional", ["profile"] = null },
            },
        });
    }

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Write(string path, JsonObject content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.ToJsonString());
    }

    private static JsonObject Caption(string caption) => new() { ["caption"] = caption };

    private static JsonObject Req(string requirement) => new() { ["requirement"] = requirement };

    private static JsonObject Attr(string type, JsonObject? enumeration = null, bool isArray = false)
    {
        var attribute = new JsonObject { ["caption"] = type, ["type"] = type };
        if (enumeration is not null)
        {
            attribute["enum"] = enumeration;
        }

        if (isArray)
        {
            attribute["is_array"] = true;
        }

        return attribute;
    }
}
