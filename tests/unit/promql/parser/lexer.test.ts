import { describe, expect, it } from 'vitest';
import { lex } from '../../../../src/promql/parser/lexer';

/** kinds renders the tokens as `KIND` or `KIND:text` for words, numbers and strings. */
function kinds(q: string): string[] {
  return lex(q).map((t) => {
    if (t.kind === 'ERROR') return `ERROR:${t.word}`;
    if (['KEYWORD', 'IDENTIFIER', 'METRIC_IDENTIFIER', 'NUMBER', 'DURATION', 'STRING'].includes(t.kind)) {
      return `${t.kind}:${q.slice(t.start, t.end)}`;
    }
    return t.kind;
  });
}

describe('lex', () => {
  it.each<[string, string[]]>([
    ['foo', ['IDENTIFIER:foo', 'EOF']],
    ['foo:bar', ['METRIC_IDENTIFIER:foo:bar', 'EOF']],
    [':foo', ['METRIC_IDENTIFIER::foo', 'EOF']],
    ['sum BY', ['KEYWORD:sum', 'KEYWORD:BY', 'EOF']],
    ['Inf NaN', ['NUMBER:Inf', 'NUMBER:NaN', 'EOF']],
    ['1 0x1F 1_000 .5 1e-3 1.5E3', ['NUMBER:1', 'NUMBER:0x1F', 'NUMBER:1_000', 'NUMBER:.5', 'NUMBER:1e-3', 'NUMBER:1.5E3', 'EOF']],
    ['5m 1h30m 10ms 1y2w', ['DURATION:5m', 'DURATION:1h30m', 'DURATION:10ms', 'DURATION:1y2w', 'EOF']],
    ['"a\\"b" \'c\' `d\\`', ['STRING:"a\\"b"', "STRING:'c'", 'STRING:`d\\`', 'EOF']],
    ['+ - * / % ^ == != < <= > >= </ >/ @', ['+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', '</', '>/', '@', 'EOF']],
    ['a and b or c unless d atan2 e', ['IDENTIFIER:a', 'KEYWORD:and', 'IDENTIFIER:b', 'KEYWORD:or', 'IDENTIFIER:c', 'KEYWORD:unless', 'IDENTIFIER:d', 'KEYWORD:atan2', 'IDENTIFIER:e', 'EOF']],
    ['{a="b", sum!~"c", by=~"d", e!="f"}', ['{', 'IDENTIFIER:a', '=', 'STRING:"b"', ',', 'IDENTIFIER:sum', '!~', 'STRING:"c"', ',', 'IDENTIFIER:by', '=~', 'STRING:"d"', ',', 'IDENTIFIER:e', '!=', 'STRING:"f"', '}', 'EOF']],
    ['x[5m:1m]', ['IDENTIFIER:x', '[', 'DURATION:5m', ':', 'DURATION:1m', ']', 'EOF']],
    ['x[step() + 1]', ['IDENTIFIER:x', '[', 'KEYWORD:step', '(', ')', '+', 'NUMBER:1', ']', 'EOF']],
    ['x[min_of(1m, RANGE())]', ['IDENTIFIER:x', '[', 'KEYWORD:min_of', '(', 'DURATION:1m', ',', 'KEYWORD:RANGE', '(', ')', ')', ']', 'EOF']],
    ['fill(1) fill fill_left (2) fill_right', ['KEYWORD:fill', '(', 'NUMBER:1', ')', 'IDENTIFIER:fill', 'KEYWORD:fill_left', '(', 'NUMBER:2', ')', 'IDENTIFIER:fill_right', 'EOF']],
    ['foo # a comment\n+ 1', ['IDENTIFIER:foo', '+', 'NUMBER:1', 'EOF']],
    ['{a="b" # c\n}', ['{', 'IDENTIFIER:a', '=', 'STRING:"b"', '}', 'EOF']],
    ['(', ['(', 'ERROR:unclosed left parenthesis']],
    [')', ['ERROR:unexpected right parenthesis \')\'']],
    ['x[5m', ['IDENTIFIER:x', '[', 'DURATION:5m', 'ERROR:unclosed left bracket']],
    ['x[', ['IDENTIFIER:x', '[', 'ERROR:unexpected end of input in duration expression']],
    ['x[:', ['IDENTIFIER:x', '[', 'ERROR:unexpected colon before duration in duration expression']],
    ['x[1m:1m:', ['IDENTIFIER:x', '[', 'DURATION:1m', ':', 'DURATION:1m', 'ERROR:unexpected colon \':\'']],
    ['x[1m:(1m):', ['IDENTIFIER:x', '[', 'DURATION:1m', ':', '(', 'DURATION:1m', ')', 'ERROR:unexpected colon \':\'']],
    ['x[step():', ['IDENTIFIER:x', '[', 'KEYWORD:step', '(', ')', 'ERROR:unexpected colon before duration in duration expression']],
    ['x[1:(1):', ['IDENTIFIER:x', '[', 'NUMBER:1', ':', '(', 'NUMBER:1', ')', "ERROR:unexpected colon ':'"]],
    ['x[5m y]', ['IDENTIFIER:x', '[', 'DURATION:5m', "ERROR:unexpected character: 'y', expected ':'"]],
    ['x[[', ['IDENTIFIER:x', '[', "ERROR:unexpected character in duration expression: '['"]],
    ['x[1m][', ['IDENTIFIER:x', '[', 'DURATION:1m', ']', '[', 'ERROR:unexpected end of input in duration expression']],
    [']', ["ERROR:unexpected right bracket ']'"]],
    ['{a="b"', ['{', 'IDENTIFIER:a', '=', 'STRING:"b"', 'ERROR:unexpected end of input inside braces']],
    ['{1}', ['{', "ERROR:unexpected character inside braces: '1'"]],
    ['{a!}', ['{', 'IDENTIFIER:a', "ERROR:unexpected character after '!' inside braces: '}'"]],
    ['{{', ['{', "ERROR:unexpected left brace '{'"]],
    ['a =~ b', ['IDENTIFIER:a', "ERROR:unexpected character after '=': '~'"]],
    ['a ! b', ['IDENTIFIER:a', "ERROR:unexpected character after '!': ' '"]],
    ['é', ["ERROR:unexpected character: 'é'"]],
    ['"abc', ['ERROR:unterminated quoted string']],
    ['"a\nb"', ['ERROR:unterminated quoted string']],
    ['`abc', ['ERROR:unterminated raw string']],
    ['"\\z"', ["ERROR:unknown escape sequence U+007A 'z'"]],
    ['"\\x4g"', ["ERROR:illegal character U+0067 'g' in escape sequence"]],
    ['"\\U00110000"', ['ERROR:escape sequence is an invalid Unicode code point']],
    ['"\\', ['ERROR:escape sequence not terminated']],
    ['"a\uD800b"', ['ERROR:invalid UTF-8 rune']],
    ['`\uDC00`', ['ERROR:invalid UTF-8 rune']],
    ['"😀" `😀`', ['STRING:"😀"', 'STRING:`😀`', 'EOF']],
    ['1.2.3', ['ERROR:bad number or duration syntax: "1.2."']],
    ['1ee', ['ERROR:bad number or duration syntax: "1ee"']],
    ['1_.5', ['ERROR:bad number or duration syntax: "1_."']],
    ['0x1.5', ['ERROR:bad number or duration syntax: "0x1."']],
    ['5mx', ['ERROR:bad number or duration syntax: "5mx"']],
  ])('%j', (q, want) => expect(kinds(q)).toEqual(want));

  it('gives UTF-16 positions', () => {
    const toks = lex('{"é"="x"} + 1');
    expect(toks.map((t) => [t.start, t.end])).toEqual([
      [0, 1],
      [1, 4],
      [4, 5],
      [5, 8],
      [8, 9],
      [10, 11],
      [12, 13],
      [13, 13],
    ]);
  });
});
