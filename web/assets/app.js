// Starts the GOV.UK Frontend components; loaded as a module so no inline script is needed.
import { initAll } from './govuk-frontend.min.js'
initAll()
