// Runs first thing in <body>: tells GOV.UK Frontend's CSS that JavaScript is
// on and whether the browser supports ES modules (as GOV.UK's template does
// inline; Guildhall's Content-Security-Policy forbids inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
