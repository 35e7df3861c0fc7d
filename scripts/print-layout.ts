import { formats } from '../src/formats/index.js';
import { tableLayout, address } from '../src/layout/tableLayout.js';
for (const f of Object.values(formats)) for (const t of f.tables) {
  const l = tableLayout(t);
  console.log(f.id, t.id, l.width, l.height, l.headerRows, l.labelColumns);
  for (const c of l.cells) if (c.role !== 'value') console.log('  ', address(c.row, c.col), c.rowSpan, c.colSpan, c.role, c.text.slice(0, 20));
  console.log('   values', [...l.valueCells].slice(0, 3).map(([k, c]) => k + '@' + address(c.row, c.col)).join(' '), '...', [...l.valueCells].slice(-2).map(([k, c]) => k + '@' + address(c.row, c.col)).join(' '));
}
