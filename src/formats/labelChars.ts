/**
 * Traditional characters and converter glosses, as far as official labels need them. Published reports reach us
 * through traditional-character converters (`規章`, `行政許可`, `數量`) and some leave a pinyin gloss behind
 * (`數(shù)`). This is not a general converter: it maps only characters that occur in the definitions' labels and
 * headings (a test holds every simplified character here to occurring in one), which is all label matching needs.
 */

/** traditional (and converter variant) → simplified, for characters of the official labels */
const traditional: Readonly<Record<string, string>> = {
  動: '动', 開: '开', 況: '况', 條: '条', 項: '项', 規: '规', 範: '范', 數: '数', 對: '对', 總: '总',
  許: '许', 務: '务', 處: '处', 決: '决', 罰: '罚', 強: '强', 業: '业', 費: '费', 採: '采', 購: '购',
  額: '额', 單: '单', 萬: '万', 關: '关', 係: '系', 為: '为', 爲: '为', 於: '于', 結: '结', 轉: '转',
  辦: '办', 區: '区', 這: '这', 屬: '属', 國: '国', 穩: '稳', 護: '护', 權: '权', 類: '类', 過: '过',
  執: '执', 詢: '询', 無: '无', 機: '机', 沒: '没', 現: '现', 補: '补', 確: '确', 訪: '访', 舉: '举',
  報: '报', 訴: '诉', 復: '复', 複: '复', 當: '当', 認: '认', 獲: '获', 繼: '继', 續: '续', 組: '组',
  織: '织', 構: '构', 會: '会', 議: '议', 訟: '讼', 維: '维', 糾: '纠', 審: '审', 經: '经', 發: '发',
  廢: '废', 繳: '缴', 納: '纳', 請: '请', 據: '据', 計: '计', 後: '后', 內: '内', 減: '减', 製: '制',
};

const traditionalPattern = new RegExp(`[${Object.keys(traditional).join('')}]`, 'g');

/** Pinyin letters a converter's gloss may use (tone marks included). */
const pinyinGloss = /([\u3400-\u9fff])[(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[1-5]?\s*[)）]/g;

/** `規章` → `规章`, `數(shù)量` → `数量`: only the characters and glosses that can occur in official labels. */
export function simplifyLabelChars(text: string): string {
  const unglossed = text.includes('(') || text.includes('（') ? text.replace(pinyinGloss, '$1') : text;
  return unglossed.replace(traditionalPattern, (c) => traditional[c] ?? c);
}

/** The simplified characters this mapping produces (for the test that ties them to the definitions). */
export const simplifiedTargets = (): string[] => [...new Set(Object.values(traditional))];
