'use strict';
// Classes of evaluation notes, so that the same cause in different files counts together in corpus
// figures: the specifics (names in quotes or backticks, numbers, URIs, file names) are folded away.

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

module.exports = { noteClass };
