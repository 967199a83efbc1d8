// Starts GOV.UK Frontend's components and Guildhall's own. The import paths
// are rewritten to content-hashed URLs when the server starts.
import { initAll } from '/assets/govuk/govuk-frontend.min.js'
import { initMaps } from '/assets/guildhall-map.js'

initAll()
initMaps()
