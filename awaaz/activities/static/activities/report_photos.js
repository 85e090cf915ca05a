/* Closing report photos: when several photos are chosen, give each its own caption and consent
   box (photo_caption_<n>, photo_consent_<n>, in the order of the files) instead of the one
   caption and consent box for all. Without this script the shared ones are used; the server
   accepts both (forms/reports.py, PhotoFieldsMixin).
   It also checks the chosen photos against the limits the input carries (data-max-*: how many,
   how large each, how large together) as soon as they are chosen, and keeps the form from being
   sent while one is broken: a phone should not upload 50 MB to hear it was too much. The server
   checks the same limits whatever happens here. */
(function () {
  "use strict";
  function field(tag, attrs) {
    var element = document.createElement(tag);
    Object.keys(attrs).forEach(function (name) { element.setAttribute(name, attrs[name]); });
    return element;
  }
  function megabytes(size) { return (size / (1024 * 1024)).toFixed(1); }
  function problemWith(input) {
    var files = input.files;
    if (files.length > Number(input.dataset.maxPhotos)) { return input.dataset.tooMany; }
    var total = 0;
    for (var i = 0; i < files.length; i += 1) {
      if (files[i].size > Number(input.dataset.maxPhotoBytes)) {
        return input.dataset.tooLarge
          .replace("{name}", files[i].name).replace("{size}", megabytes(files[i].size));
      }
      total += files[i].size;
    }
    if (total > Number(input.dataset.maxUploadBytes)) {
      return input.dataset.tooMuch.replace("{size}", megabytes(total));
    }
    return "";
  }
  document.querySelectorAll("input[type=file][data-each-photo]").forEach(function (input) {
    var fieldset = input.closest("fieldset");
    var shared = fieldset ? fieldset.querySelectorAll(".reports-shared") : [];
    var each = document.createElement("div");
    each.className = "reports-each";
    input.closest("p").insertAdjacentElement("afterend", each);
    var note = field("p", { "class": "errorlist reports-photo-problem", role: "alert" });
    note.hidden = true;
    input.closest("p").insertAdjacentElement("afterend", note);
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (!note.hidden) {
          event.preventDefault();
          input.focus();
        }
      });
    }
    input.addEventListener("change", function () {
      each.textContent = "";
      var problem = problemWith(input);
      note.textContent = problem;
      note.hidden = !problem;
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      var several = !problem && input.files.length > 1;
      shared.forEach(function (element) { element.hidden = several; });
      if (!several) { return; }
      each.appendChild(field("input", { type: "hidden", name: "photo_each", value: "1" }));
      Array.prototype.forEach.call(input.files, function (file, number) {
        var group = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = file.name;
        group.appendChild(legend);
        var caption = field("input", {
          type: "text", name: "photo_caption_" + number, id: "photo_caption_" + number,
          maxlength: "200"
        });
        var captionLabel = field("label", { for: caption.id });
        captionLabel.textContent = input.dataset.captionLabel;
        var line = document.createElement("p");
        line.className = "reports-field";
        line.append(captionLabel, caption);
        var consent = field("input", {
          type: "checkbox", name: "photo_consent_" + number, id: "photo_consent_" + number
        });
        var consentLabel = field("label", { for: consent.id });
        consentLabel.textContent = input.dataset.consentLabel;
        var box = document.createElement("p");
        box.className = "reports-field";
        box.append(consent, " ", consentLabel);
        group.append(line, box);
        each.appendChild(group);
      });
    });
  });
})();
