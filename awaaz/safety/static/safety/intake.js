/* Reporting forms: progressive enhancement only; every page works without this file.
 * Proof-of-work: find a counter such that SHA-256(challenge + ":" + counter) starts with the
 * number of zero bits the server asked for, and put it in the hidden "work" field. Without it
 * (no JavaScript, or no WebCrypto on plain http), the server asks the visitor to wait a few
 * seconds instead. Nothing here talks to the network. */
(function () {
  "use strict";

  function difficultyOf(challenge) {
    try {
      var body = challenge.split(":")[0].replace(/-/g, "+").replace(/_/g, "/");
      while (body.length % 4) { body += "="; }
      return JSON.parse(atob(body)).d || 0;
    } catch (e) {
      return 0;
    }
  }

  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { bits += 1; b <<= 1; }
      return bits;
    }
    return bits;
  }

  async function solve(challenge, difficulty) {
    var encoder = new TextEncoder();
    for (var counter = 0; counter < 50000000; counter++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + counter));
      if (zeroBits(new Uint8Array(digest)) >= difficulty) { return String(counter); }
    }
    return "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-pow]"), function (form) {
    var challenge = form.querySelector("input[name=challenge]");
    var work = form.querySelector("input[name=work]");
    if (!challenge || !work || !challenge.value || !window.crypto || !window.crypto.subtle) { return; }
    var difficulty = difficultyOf(challenge.value);
    if (!difficulty) { return; }
    solve(challenge.value, difficulty).then(function (found) { work.value = found; });
  });
})();
