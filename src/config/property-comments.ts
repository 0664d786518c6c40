import * as ts from 'typescript';

/**
 * The TSDoc of each property of `className` in a TypeScript source, as one paragraph per property
 * (line breaks and `*` margins removed). Read from the source because compiled code has no TSDoc;
 * this needs the `typescript` dev dependency, so only the docs generator and the specs load it.
 */
export function readPropertyComments(source: string, className: string): Map<string, string> {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.ES2022, true);
  const declaration = file.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className,
  );
  if (!declaration) throw new Error(`class ${className} not found`);

  const comments = new Map<string, string>();
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    const text = ts
      .getJSDocCommentsAndTags(member)
      .filter(ts.isJSDoc)
      .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
      .join(' ');
    comments.set(member.name.text, text.replace(/\s+/g, ' ').trim());
  }
  return comments;
}
