/**
 * Payload templates, as GoMFT documents them (seed 003): `{{variable}}` substitution with dotted
 * paths and `{% if %}…{% elif %}…{% else %}…{% endif %}` blocks, plus built-ins. Pure and
 * Node-free (time and ids come in through the options), so the renderer previews live with it.
 *
 * Values are escaped for where they land: inside a JSON string they are JSON-escaped text; in
 * JSON outside a string they become a JSON value (strings quoted, objects serialized, missing
 * values `null`); in XML `& < > " '` are escaped (inside CDATA only `]]>` is split); text is raw.
 */

export { MAX_CONDITION_TOKENS, MAX_TEMPLATE_IF_DEPTH, TemplateError, templateProblem } from './parse';
export {
  MAX_TEMPLATE_OUTPUT,
  renderTemplate,
  type TemplateFormat,
  type TemplateOptions,
  type TemplateVars,
} from './render';
export { BUILTIN_VARIABLES, GOMFT_VARIABLES, listTemplateVariables, type TemplateVariable } from './variables';
