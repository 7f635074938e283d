/* Kopilka: the form «Предложить практику» / «Предложить мероприятие» (generator/render/proposal.py).

   What was typed becomes the record's Markdown file: the frontmatter written with every value as
   a JSON string (a valid YAML scalar, whatever quotes or colons it holds), the text under its
   headings. Before the file is shown it is checked against the JSON Schema `kopilka schema`
   writes, with the vendored validator (vendor/cfworker-json-schema, MIT), and each problem is told
   in the words of `kopilka check` (validate.MESSAGES, given in the page's data). The file can be
   copied, downloaded, or opened on GitHub's «create new file» page of the site's repository. No
   request leaves the site but the contributor's own click to GitHub.
   @needs kp-proposal */
(function () {
  "use strict";
  var box = document.getElementById("kp-proposal");
  if (!box) return;
  var data = JSON.parse(document.getElementById("kp-proposal-data").textContent);
  var form = document.getElementById("kp-proposal-form");
  var here = document.currentScript ? document.currentScript.src : location.href;
  var validator = import(new URL("vendor/cfworker-json-schema/index.js", here).href);
  /* Longer addresses are cut by browsers or refused by GitHub: then the text is pasted by hand. */
  var LONGEST_URL = 7000;

  function slug(text) {
    var latin = "";
    text.toLowerCase().split("").forEach(function (ch) {
      latin += Object.prototype.hasOwnProperty.call(data.translit, ch) ? data.translit[ch] : ch;
    });
    latin = latin.replace(/_/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return latin.slice(0, 60).replace(/-+$/g, "") || "zapis";
  }

  function moment(value) { return value.replace("T", " "); }

  /* The record as the file would hold it: only what was filled in. */
  function values() {
    var record = {};
    data.fields.forEach(function (field) {
      var key = field.key;
      if (field.widget === "choices") {
        var picked = Array.prototype.map.call(form.querySelectorAll("input[name='" + key + "']:checked"),
          function (box) { return box.value; });
        if (picked.length) record[key] = picked;
        return;
      }
      var value = form.elements[key].value.trim();
      if (!value) return;
      if (field.widget === "lines") {
        var lines = value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
        if (lines.length) record[key] = lines;
      } else if (field.widget === "year") {
        record[key] = /^-?\d+$/.test(value) ? parseInt(value, 10) : value;
      } else if (field.widget === "moment") {
        record[key] = moment(value);
      } else {
        record[key] = value;
      }
    });
    return record;
  }

  function yaml(record) {
    var lines = ["---"];
    data.fields.forEach(function (field) {
      if (!(field.key in record)) return;
      var value = record[field.key];
      var text = Array.isArray(value) ? "[" + value.map(function (v) { return JSON.stringify(v); }).join(", ") + "]"
        : typeof value === "number" ? String(value) : JSON.stringify(value);
      lines.push(field.key + ": " + text);
    });
    lines.push("---", "");
    Array.prototype.forEach.call(form.querySelectorAll("[data-section]"), function (area) {
      var text = area.value.trim();
      if (!text) return;
      if (data.sections.length > 1) lines.push("## " + area.getAttribute("data-section"), "");
      lines.push(text.replace(/\r\n?/g, "\n"), "");
    });
    return lines.join("\n");
  }

  function fileName(record) {
    var id = slug(record.title || "");
    if (data.kind === "event" && /^\d{4}-\d{2}-\d{2}/.test(record.start || "")) id = record.start.slice(0, 10) + "-" + id;
    return data.folder + "/" + id + ".md";
  }

  /* One problem per field, in check's words: the first the validator says of it. */
  function problems(record, result) {
    var byKey = {}, fields = {};
    data.fields.forEach(function (field) { fields[field.key] = field; });
    result.errors.forEach(function (error) {
      var key = error.instanceLocation.replace(/^#\/?/, "").split("/")[0];
      if (error.keyword === "required") {
        var missing = /"([^"]+)"/.exec(error.error);
        key = missing ? missing[1] : key;
      }
      var field = fields[key];
      if (!field || byKey[key]) return;
      var value = record[key];
      var text;
      if (error.keyword === "required" || (error.keyword === "minLength" && !value)) {
        text = data.messages.required.replace("{field}", field.name);
      } else if (error.keyword === "maxLength") {
        text = data.messages.too_long.replace("{field}", field.name).replace("{limit}", field.maxLength);
      } else if (error.keyword === "minimum" || error.keyword === "maximum") {
        text = data.messages.range.replace("{field}", field.name);
      } else if (error.keyword === "type" && field.widget === "year") {
        text = data.messages.kind.replace("{field}", field.name).replace("{kind}", data.kinds.int_type);
      } else if (["properties", "anyOf", "items", "$ref", "allOf"].indexOf(error.keyword) >= 0) {
        return; /* a summary of a deeper error, which is told itself */
      } else {
        text = data.messages.wrong.replace("{field}", field.name);
      }
      byKey[key] = text;
    });
    data.rules.forEach(function (rule) {  /* rules across fields, said at the field check names */
      var value = record[rule.key];
      if (value && rule.unless.indexOf(value) < 0 && !record[rule.require] && !byKey[rule.key]) byKey[rule.key] = rule.message;
    });
    return data.fields.filter(function (f) { return byKey[f.key]; }).map(function (f) { return [f.key, byKey[f.key]]; });
  }

  function show(found) {
    var list = document.getElementById("kp-proposal-problems");
    list.textContent = "";
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    if (!found.length) return;
    var title = document.createElement("p");
    title.textContent = "Файл не собран: исправьте поля ниже.";
    var items = document.createElement("ul");
    found.forEach(function (pair) {
      var item = document.createElement("li");
      item.textContent = pair[1];
      item.setAttribute("data-key", pair[0]);
      items.appendChild(item);
      var control = form.elements[pair[0]];
      if (control && control.setAttribute) control.setAttribute("aria-invalid", "true");
    });
    list.appendChild(title);
    list.appendChild(items);
  }

  function offer(name, text) {
    document.getElementById("kp-proposal-result").hidden = false;
    document.getElementById("kp-proposal-name").textContent = name;
    document.getElementById("kp-proposal-text").textContent = text;
    var download = document.getElementById("kp-proposal-download");
    download.href = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    download.setAttribute("download", name.split("/").pop());
    var github = document.getElementById("kp-proposal-github");
    if (!data.newFile) return;
    var address = data.newFile + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
    var long = address.length > LONGEST_URL;
    if (long) address = data.newFile + "?filename=" + encodeURIComponent(name);
    github.href = address;
    github.hidden = false;
    document.getElementById("kp-proposal-long").hidden = !long;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var record = values();
    validator.then(function (module) {
      var result = new module.Validator(data.schema, "2020-12", false).validate(record);
      var found = problems(record, result);
      show(found);
      document.getElementById("kp-proposal-result").hidden = true;
      if (!found.length) offer(fileName(record), yaml(record));
      box.setAttribute("data-state", found.length ? "problems" : "ready");
    });
  });

  document.getElementById("kp-proposal-copy").addEventListener("click", function () {
    var text = document.getElementById("kp-proposal-text").textContent;
    var button = this;
    var done = function () { button.textContent = "Скопировано"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { select(); });
    } else {
      select();
    }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById("kp-proposal-text"));
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      done();
    }
  });
})();
