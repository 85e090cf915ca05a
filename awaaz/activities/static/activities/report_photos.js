/* Closing report photos: when several photos are chosen, give each its own caption and consent
   box (photo_caption_<n>, photo_consent_<n>, in the order of the files) instead of the one
   caption and consent box for all. Without this script the shared ones are used; the server
   accepts both (forms/reports.py, PhotoFieldsMixin). */
(function () {
  "use strict";
  function field(tag, attrs) {
    var element = document.createElement(tag);
    Object.keys(attrs).forEach(function (name) { element.setAttribute(name, attrs[name]); });
    return element;
  }
  document.querySelectorAll("input[type=file][data-each-photo]").forEach(function (input) {
    var fieldset = input.closest("fieldset");
    var shared = fieldset ? fieldset.querySelectorAll(".reports-shared") : [];
    var each = document.createElement("div");
    each.className = "reports-each";
    input.closest("p").insertAdjacentElement("afterend", each);
    input.addEventListener("change", function () {
      each.textContent = "";
      var several = input.files.length > 1;
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
