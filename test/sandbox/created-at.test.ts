import { expect } from 'chai';
import { createdAtText } from '../../sandbox/serialize/created-at.js';

describe('sandbox _CreatedAt text', () => {
  const now = Date.UTC(2026, 11, 7, 15, 30);

  it('says "today at" for the same UTC day, up to its first and last minute', () => {
    expect(createdAtText(Date.UTC(2026, 11, 7, 0, 0), now)).to.equal('today at 12:00 am');
    expect(createdAtText(Date.UTC(2026, 11, 7, 13, 4), now)).to.equal('today at 1:04 pm');
    expect(createdAtText(Date.UTC(2026, 11, 7, 23, 59, 59), now)).to.equal('today at 11:59 pm');
  });

  it('gives the date for any other day, either side of midnight UTC', () => {
    expect(createdAtText(Date.UTC(2026, 11, 6, 23, 59, 59), now)).to.equal('Dec 6, 2026');
    expect(createdAtText(Date.UTC(2026, 11, 8, 0, 0), now)).to.equal('Dec 8, 2026');
    expect(createdAtText(Date.UTC(2016, 2, 4, 10, 0), now)).to.equal('Mar 4, 2016');
    expect(createdAtText(Date.UTC(1969, 11, 31, 12, 0), Date.UTC(1970, 0, 1, 12, 0))).to.equal(
      'Dec 31, 1969',
    );
  });
});
