'use strict';
// Classes of free-text reasons and notes, so that the same cause in different files counts together in corpus
// figures: the specifics (names in quotes or backticks, numbers, URIs, file names) are folded away.
const { reasonKey } = require('../../dist/formats/arm/expand/reasons.js');

/** A skipped check's reason without its specifics: "parameter '…' has no value", "`…` has no value and no default". */
function reasonClass(reason) {
  return reasonKey(reason).replace(/`[^`]*`/g, '`…`');
}

/** An evaluation note ("not evaluated") without the linked template's URI, template spec ID or file. */
function noteClass(message) {
  return message
    .replace(/^linked template at template spec \S+/, 'linked template at template spec <id>')
    .replace(/^linked template at (?!an unknown|template spec).*? is not available/, 'linked template at <uri> is not available')
    .replace(/ is read from its local copy .*$/, ' is read from its local copy <file>')
    .replace(/'[^']*'/g, "'…'")
    .replace(/ \([^)]*\)/g, ' (…)')
    .replace(/\S+\.json\b/g, '<file>');
}

module.exports = { reasonClass, noteClass };
