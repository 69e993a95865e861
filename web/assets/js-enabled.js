// Tells the GOV.UK styles that JavaScript runs, as the GOV.UK page template's inline script does; served as a
// file so that the content security policy needs no inline script. Loaded first thing in <body>.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
