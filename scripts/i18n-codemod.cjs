// Converts the English message literals of engine files into trans.__ calls of the module-level `trans`
// (src/core/i18n/current.ts): `${a} must be ${b}` becomes trans.__('%1 must be %2', a, b), and the import
// is added. Without --write it lists what it would convert and the prose it leaves (SKIP: module level,
// compared, a key, a type...), for review; the result needs review anyway (a status value compared
// elsewhere, a class name built in a template, Python code in a string must stay literal; tsc catches
// the typed ones).
//   node scripts/i18n-codemod.cjs [--write] src/core/python/*.ts
const ts = require(require.resolve('typescript', { paths: [process.cwd()] }));
const fs = require('fs');
const path = require('path');
const write = process.argv.includes('--write');
const files = process.argv.slice(2).filter(a => !a.startsWith('--'));
const PROSE = /[A-Za-z]{2,}[,;:]?\s+[A-Za-z(`'"]/;
const SKIP_METHODS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'has', 'get', 'set', 'split', 'replace', 'replaceAll', 'join', 'test', 'match', 'RegExp', 'lastIndexOf', 'delete', 'add', 'padStart', 'padEnd', 'localeCompare', 'querySelector', 'createElement', 'setAttribute']);
const isLit = n => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n);
function litText(n) {
  // Joined without a space: `Conv${rank}D` is a name, not two words.
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map(s => s.literal.text)].join('');
  return n.text;
}
function quote(s) {
  // As Prettier writes it: double quotes when that avoids escaping.
  if (s.includes("'") && !s.includes('"')) return '"' + s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t') + "'";
}
function enclosingFunction(n) {
  for (let p = n.parent; p; p = p.parent) if (ts.isFunctionLike(p) || ts.isClassStaticBlockDeclaration?.(p)) return p;
  return null;
}
function isTransCall(call) {
  return ts.isCallExpression(call) && call.expression.getText().match(/^(trans|this\.trans|ctx\.trans)\.(__|_n)$/);
}
function skipReason(n, sf) {
  if (!PROSE.test(litText(n))) return 'not prose';
  const p = n.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return 'import';
  if (ts.isLiteralTypeNode(p)) return 'type';
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === n) return 'key';
  if (ts.isElementAccessExpression(p) && p.argumentExpression === n) return 'index';
  if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InKeyword].includes(p.operatorToken.kind)) return 'compare';
  if (ts.isCaseClause(p)) return 'case';
  if (ts.isTaggedTemplateExpression(p)) return 'tagged';
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n)) {
    if (isTransCall(p)) return 'already';
    const e = p.expression;
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : '';
    if (SKIP_METHODS.has(name)) return 'method ' + name;
  }
  if (!enclosingFunction(n)) return 'MODULE-LEVEL';
  return null;
}
function convertFile(file) {
  const src = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true);
  const report = [];
  let needsImport = false;
  const line = n => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  // Rewrite the text of node n's subtree, converting candidate literals (outermost first).
  function rewrite(n) {
    const start = n.getStart(sf), end = n.getEnd();
    if (isLit(n)) {
      const why = skipReason(n, sf);
      if (why === null) return convert(n);
      if (why !== 'not prose' && why !== 'already') report.push(`  SKIP(${why}) ${file}:${line(n)}: ${n.getText(sf).slice(0, 140)}`);
    }
    let out = '', pos = start;
    n.forEachChild(c => {
      const cs = c.getStart(sf);
      out += src.slice(pos, cs) + rewrite(c);
      pos = c.getEnd();
    });
    return out + src.slice(pos, end);
  }
  function convert(n) {
    needsImport = true;
    let id, args = [];
    if (ts.isTemplateExpression(n)) {
      id = n.head.text;
      n.templateSpans.forEach((s, i) => {
        args.push(rewrite(s.expression));
        id += `%${i + 1}` + s.literal.text;
      });
    } else id = n.text;
    if (/%\d/.test(n.getText(sf).replace(/\$\{/g, ''))) report.push(`  PERCENT ${file}:${line(n)}`);
    const text = `trans.__(${[quote(id), ...args].join(', ')})`;
    report.push(`  CONV ${file}:${line(n)}: ${text.slice(0, 200)}`);
    return text;
  }
  let out = rewrite(sf);
  // keep leading trivia of the file (rewrite starts at the first token)
  out = src.slice(0, sf.getStart(sf)) + out + src.slice(sf.getEnd());
  if (needsImport && !/import \{[^}]*\btrans\b[^}]*\} from '[./]*i18n\/current'/.test(out)) {
    let rel = path.relative(path.dirname(file), path.join(process.cwd(), 'src/core/i18n/current'));
    if (!rel.startsWith('.')) rel = './' + rel;
    const imports = [...out.matchAll(/^import [^;]*;\n/gms)];
    const last = imports.length ? imports[imports.length - 1] : null;
    const at = last ? last.index + last[0].length : 0;
    out = out.slice(0, at) + `import { trans } from '${rel}';\n` + out.slice(at);
    if (/\btrans\b/.test(src)) report.push(`  WARN local trans in ${file}`);
  }
  if (write && out !== src) fs.writeFileSync(file, out);
  return report;
}
for (const f of files) console.log(convertFile(path.resolve(f)).join('\n'));
