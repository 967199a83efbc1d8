// Passkeys for Guildhall staff sign-in: progressive enhancement. The pages
// work without this script (the authenticator-app code is always offered);
// with it, and a browser that supports WebAuthn, a passkey can be added and
// used instead of the code.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) { return; }

  function b64urlToBuf(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }
  function bufToB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function token() {
    var el = document.querySelector("input[name=csrf_token]");
    return el ? el.value : "";
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      if (!r.ok) { throw new Error("status " + r.status); }
      return r.json();
    });
  }
  function fail(box) {
    var p = box.querySelector("[data-passkey-error]");
    if (p) { p.hidden = false; }
  }

  function register(box) {
    var name = box.querySelector("input[name=passkey_name]");
    post(box.dataset.options).then(function (res) {
      var pk = res.options.publicKey;
      pk.challenge = b64urlToBuf(pk.challenge);
      pk.user.id = b64urlToBuf(pk.user.id);
      (pk.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBuf(c.id); });
      return navigator.credentials.create({ publicKey: pk }).then(function (cred) {
        return post(box.dataset.finish, {
          state: res.state, name: name ? name.value : "",
          credential: {
            id: cred.id, rawId: bufToB64url(cred.rawId), type: cred.type,
            response: {
              attestationObject: bufToB64url(cred.response.attestationObject),
              clientDataJSON: bufToB64url(cred.response.clientDataJSON),
              transports: cred.response.getTransports ? cred.response.getTransports() : []
            }
          }
        });
      });
    }).then(function (res) { window.location.assign(res.next); }).catch(function () { fail(box); });
  }

  function signIn(box) {
    post(box.dataset.options).then(function (res) {
      var pk = res.options.publicKey;
      pk.challenge = b64urlToBuf(pk.challenge);
      (pk.allowCredentials || []).forEach(function (c) { c.id = b64urlToBuf(c.id); });
      return navigator.credentials.get({ publicKey: pk }).then(function (cred) {
        return post(box.dataset.finish, {
          state: res.state, next: box.dataset.next,
          credential: {
            id: cred.id, rawId: bufToB64url(cred.rawId), type: cred.type,
            response: {
              authenticatorData: bufToB64url(cred.response.authenticatorData),
              clientDataJSON: bufToB64url(cred.response.clientDataJSON),
              signature: bufToB64url(cred.response.signature),
              userHandle: cred.response.userHandle ? bufToB64url(cred.response.userHandle) : null
            }
          }
        });
      });
    }).then(function (res) { window.location.assign(res.next); }).catch(function () { fail(box); });
  }

  document.querySelectorAll("[data-passkey]").forEach(function (box) {
    box.hidden = false;
    var button = box.querySelector("button");
    button.addEventListener("click", function (e) {
      e.preventDefault();
      if (box.dataset.passkey === "register") { register(box); } else { signIn(box); }
    });
  });
}());
