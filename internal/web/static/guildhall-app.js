// Starts GOV.UK Frontend's components. The import path is rewritten to the
// content-hashed URL when the server starts.
import { initAll } from '/assets/govuk/govuk-frontend.min.js'

initAll()
