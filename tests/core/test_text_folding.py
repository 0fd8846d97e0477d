from jiritsu.core.text import digits, fold


def test_it_folds_katakana_half_width_and_spaces_to_one_form():
    assert fold("ﾔﾏﾀﾞ ﾊﾅｺ") == fold("やまだ　はなこ") == fold("ヤマダハナコ") == "やまだはなこ"


def test_it_keeps_only_digits_of_phone_numbers():
    assert digits("０９０－１２３４－５６７８") == "09012345678"
